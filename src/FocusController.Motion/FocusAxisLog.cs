using Microsoft.Extensions.Logging;

namespace FocusController.Motion;

internal static partial class FocusAxisLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Focus axis open: {Driver}, {UmPerMicrostep} µm per microstep, position {PositionUm} µm, limits {MinUm}..{MaxUm} µm")]
    public static partial void Opened(ILogger logger, Options.DriverType driver, double umPerMicrostep, double positionUm, double minUm, double maxUm);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Focus position unknown: the last move was interrupted (state saved {SavedAt}); re-reference before moving")]
    public static partial void PositionUnknownAfterCrash(ILogger logger, DateTimeOffset savedAt);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Move {FromUm} -> {ToUm} µm via {Legs} leg(s)")]
    public static partial void Moving(ILogger logger, double fromUm, double toUm, int legs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Move to {TargetUm} µm cancelled; decelerated to a stop at {PositionUm} µm")]
    public static partial void Cancelled(ILogger logger, double targetUm, double positionUm);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Limit switch closed: move to {TargetUm} µm stopped at {PositionUm} µm")]
    public static partial void LimitSwitchStopped(ILogger logger, double targetUm, double positionUm);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Move to {TargetUm} µm refused: {Reason}")]
    public static partial void Refused(ILogger logger, double targetUm, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Focus reference taken here (was {PreviousUm} µm)")]
    public static partial void Referenced(ILogger logger, double previousUm);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Move to {TargetUm} µm failed in the driver; position now unknown")]
    public static partial void Faulted(ILogger logger, double targetUm, Exception exception);
}
