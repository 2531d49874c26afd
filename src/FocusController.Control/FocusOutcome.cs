namespace FocusController.Control;

public enum FocusResult
{
    /// <summary>The last estimate (or the classic search's peak) is within tolerance.</summary>
    InFocus,

    /// <summary>Stopped on purpose: blank field, no convergence, travel limit. The axis is at the best position seen.</summary>
    NoFocusHere,

    /// <summary>The caller cancelled; the axis stopped where it was.</summary>
    Cancelled,

    /// <summary>Hardware trouble (camera gone, axis not responding, position lost); the axis was not moved further.</summary>
    Fault,
}

/// <summary>The reason strings of <see cref="FocusOutcome.Reason"/>: stable, for logs, status and metrics.</summary>
public static class FocusReasons
{
    public const string Converged = "converged";
    public const string BlankField = "blank_field";
    public const string NoContent = "no_content";
    public const string NoConvergence = "no_convergence";
    public const string Limit = "limit";
    public const string CameraLost = "camera_lost";
    public const string Cancelled = "cancelled";
    public const string AxisNotResponding = "axis_not_responding";
    public const string PositionUnknown = "position_unknown";
    public const string NoPeak = "no_peak";
}

/// <summary>
/// One frame of a run: where the axis was, what the model and the classic measure said, and what was done next.
/// <paramref name="At"/> is the exposure start relative to the start of the run.
/// </summary>
public sealed record FocusStep(
    int Frame,
    string Phase,
    double PositionUm,
    TimeSpan At,
    double? EstimateUm,
    double? Confidence,
    double? Score,
    string? Note);

/// <summary>
/// How an autofocus run ended, for logs, status and metrics. <paramref name="FinalEstimateUm"/> is the model's
/// estimate where the axis was left (the last frame, or the best frame returned to after "no focus here"); null when
/// the run ended without one (classic search, no content, fault). Moves count drive commands, so a long move split
/// into legs counts each leg.
/// </summary>
public sealed record FocusOutcome(
    FocusResult Result,
    string Reason,
    int Frames,
    int Moves,
    TimeSpan Elapsed,
    double? FinalEstimateUm,
    double FinalPositionUm,
    string Strategy,
    IReadOnlyList<FocusStep> Trace)
{
    public bool IsInFocus => Result == FocusResult.InFocus;
}
