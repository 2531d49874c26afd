using Microsoft.Extensions.Logging;

namespace FocusController.Control;

internal static partial class FocusLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Information,
        Message = "autofocus {Strategy}: {Result} ({Reason}) after {Frames} frames, {Moves} moves, {ElapsedMs} ms, at {PositionUm} um")]
    public static partial void Finished(
        ILogger logger, string strategy, FocusResult result, string reason, int frames, int moves, double elapsedMs, double positionUm);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning,
        Message = "a correction of {CommandedUm} um moved the estimate from {BeforeUm} to {AfterUm} um: the axis runs the other way; reversing")]
    public static partial void SignReversed(ILogger logger, double commandedUm, double beforeUm, double afterUm);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning,
        Message = "single-shot corrections are not trustworthy ({Why}); falling back to the classic search")]
    public static partial void FallingBack(ILogger logger, string why);

    [LoggerMessage(EventId = 803, Level = LogLevel.Debug,
        Message = "tracking: estimate {EstimateUm} um outside the dead band {DeadBandUm} um; correcting by {CorrectionUm} um")]
    public static partial void TrackingCorrection(ILogger logger, double estimateUm, double deadBandUm, double correctionUm);

    [LoggerMessage(EventId = 804, Level = LogLevel.Information,
        Message = "tracking paused: {Why}")]
    public static partial void TrackingPaused(ILogger logger, string why);

    [LoggerMessage(EventId = 807, Level = LogLevel.Information,
        Message = "tracking holds the reading {LockedUm} um (first reading {FirstUm} um)")]
    public static partial void TrackingLocked(ILogger logger, double lockedUm, double firstUm);

    [LoggerMessage(EventId = 805, Level = LogLevel.Warning,
        Message = "tracking: estimate {EstimateUm} um is at the edge of the model's range; running autofocus again")]
    public static partial void TrackingLost(ILogger logger, double estimateUm);

    [LoggerMessage(EventId = 806, Level = LogLevel.Information,
        Message = "tracking stopped: {Reason} after {Samples} estimates and {Corrections} corrections")]
    public static partial void TrackingStopped(ILogger logger, string reason, int samples, int corrections);

    [LoggerMessage(EventId = 808, Level = LogLevel.Information,
        Message = "tracking: a probe step the model's way read {ProbeErrorUm} um off the held reading, worse than {BeforeUm} um before it; correcting the other way")]
    public static partial void TrackingProbeReversed(ILogger logger, double probeErrorUm, double beforeUm);

    [LoggerMessage(EventId = 809, Level = LogLevel.Information,
        Message = "tracking: took a reference of {Frames} frames over ±{SpanUm} um around {HeldAtUm} um")]
    public static partial void TrackingReferenceTaken(ILogger logger, int frames, double spanUm, double heldAtUm);

    [LoggerMessage(EventId = 810, Level = LogLevel.Information,
        Message = "tracking: no reference taken ({Why}); the model's readings are used")]
    public static partial void TrackingReferenceNotTaken(ILogger logger, string why);

    [LoggerMessage(EventId = 811, Level = LogLevel.Warning,
        Message = "tracking: the reference no longer matches the specimen (best correlation {Similarity}, sideways shift {ShiftX},{ShiftY} px); dropped until the model reads focus again")]
    public static partial void TrackingReferenceLost(ILogger logger, double similarity, int shiftX, int shiftY);

    [LoggerMessage(EventId = 812, Level = LogLevel.Information,
        Message = "tracking: no reference taken ({Width}x{Height} frames are too small); the model's readings are used")]
    public static partial void TrackingReferenceFramesTooSmall(ILogger logger, int width, int height);
}
