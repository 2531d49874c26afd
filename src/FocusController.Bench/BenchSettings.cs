using FocusController.Control;

namespace FocusController.Bench;

/// <summary>What one bench run does: the virtual box, the trials, the focus settings, and how long tracking runs.</summary>
public sealed record BenchSettings
{
    public required BenchRigSettings Rig { get; init; }

    public required int Trials { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Most starts are uniform within ± this, µm (the issue: ±10).</summary>
    public double NearRangeUm { get; init; } = 10;

    /// <summary>The far starts are uniform between the near range and ± this, µm (the issue: up to ±50).</summary>
    public double FarRangeUm { get; init; } = 50;

    /// <summary>Share of trials starting far outside the near range.</summary>
    public double FarShare { get; init; } = 0.15;

    public FocusOptions Focus { get; init; } = new();

    /// <summary>Views of each patch the contenders' estimators average (reported; the estimators are opened with it).</summary>
    public int Views { get; init; } = 1;

    /// <summary>
    /// Inference time charged per estimate when given (`--inference-ms`); otherwise each model is charged the median
    /// measured on this host at start, which moves from run to run and so shifts every later frame onto other camera
    /// slots: two models compared at one fixed figure see the same timing.
    /// </summary>
    public TimeSpan? FixedInferenceTime { get; init; }

    /// <summary>Simulated hours of tracking; 0 skips it.</summary>
    public double TrackingHours { get; init; } = 8;

    /// <summary>Steady thermal drift during tracking, µm/h (the stage adds a slow ±0.3 µm wander).</summary>
    public double TrackingDriftUmPerHour { get; init; } = 4;

    /// <summary>A trial succeeds when the strategy says in focus and the true |defocus| is within this, µm.</summary>
    public double SuccessToleranceUm => Focus.ToleranceUm ?? (Focus.ToleranceDofFraction * Rig.Profile.DepthOfFieldUm);

    public double DeadBandUm => Focus.DeadBandUm ?? (Focus.DeadBandDofFraction * Rig.Profile.DepthOfFieldUm);
}
