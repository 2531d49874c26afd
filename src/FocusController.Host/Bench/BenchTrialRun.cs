using FocusController.Control.Trials;

namespace FocusController.Host.Bench;

/// <summary>
/// One strategy on one trial: the result, and where the stage truly went against the axis's travel limits.
/// </summary>
public sealed record BenchTrialRun(FocusTrialResult Result, double LowestStageUm, double HighestStageUm, double MinPositionUm, double MaxPositionUm)
{
    /// <summary>The stage never went past a travel limit (a microstep of rounding allowed).</summary>
    public bool StayedInTravel => LowestStageUm >= MinPositionUm - 1e-6 && HighestStageUm <= MaxPositionUm + 1e-6;
}
