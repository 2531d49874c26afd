using FocusController.Control.Trials;

namespace FocusController.Bench;

/// <summary>
/// One strategy on one trial: the result, and where the motor truly went against the axis's travel limits.
/// </summary>
public sealed record BenchTrialRun(FocusTrialResult Result, double LowestMotorUm, double HighestMotorUm, double MinPositionUm, double MaxPositionUm)
{
    /// <summary>The motor never went past a travel limit (a microstep of rounding allowed).</summary>
    public bool StayedInTravel => LowestMotorUm >= MinPositionUm - 1e-6 && HighestMotorUm <= MaxPositionUm + 1e-6;
}
