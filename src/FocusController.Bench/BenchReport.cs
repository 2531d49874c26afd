using FocusController.Control.Trials;

namespace FocusController.Bench;

/// <summary>
/// One contender's figures, over all trials and per specimen kind, how many of its trials left the travel limits, what
/// its estimates cost, and every trial's result (in plan order) for `--trials-out`.
/// </summary>
public sealed record BenchStrategyReport(
    FocusBenchmarkReport Figures,
    int LeftTravelLimits,
    TimeSpan InferenceTime,
    string? ModelVersion,
    IReadOnlyList<FocusTrialResult> Trials,
    IReadOnlyList<KeyValuePair<string, FocusBenchmarkReport>> ByKind);

/// <summary>A whole bench run: its settings and trial plan, one report per contender, and tracking (null when skipped).</summary>
public sealed record BenchReport(
    BenchSettings Settings,
    IReadOnlyList<BenchTrial> Plan,
    IReadOnlyList<BenchStrategyReport> Strategies,
    TrackingReport? Tracking)
{
    public BenchStrategyReport? Find(string name) =>
        Strategies.FirstOrDefault(s => string.Equals(s.Figures.Strategy, name, StringComparison.Ordinal));

    /// <summary>Median frames per focus of <paramref name="numerator"/> over <paramref name="denominator"/>'s; NaN when either has none.</summary>
    public double MedianFramesRatio(string numerator, string denominator)
    {
        double top = Find(numerator)?.Figures.FramesPerFocus.Median ?? double.NaN;
        double bottom = Find(denominator)?.Figures.FramesPerFocus.Median ?? double.NaN;
        return bottom > 0 ? top / bottom : double.NaN;
    }
}
