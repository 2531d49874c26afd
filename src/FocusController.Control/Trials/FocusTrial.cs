namespace FocusController.Control.Trials;

/// <summary>
/// One prepared trial: the strategy to run (built on the trial's ports) and how to read the truth afterwards.
/// The simulator knows where focus really is; <paramref name="TrueDefocusUm"/> asks it after the run.
/// </summary>
/// <param name="StartDefocusUm">The true defocus the trial starts from, µm (sign as in docs/contracts.md).</param>
/// <param name="Resources">Disposed after the trial (camera, simulated microscope), if any.</param>
public sealed record FocusTrial(
    IFocusStrategy Strategy,
    double StartDefocusUm,
    Func<double> TrueDefocusUm,
    IAsyncDisposable? Resources = null);

/// <summary>One trial's result: the outcome and the true defocus where the axis was left.</summary>
public sealed record FocusTrialResult(int Index, double StartDefocusUm, double FinalTrueDefocusUm, bool Success, FocusOutcome Outcome);

/// <summary>Median and 95th percentile of one figure over trials; NaN when no trial contributed.</summary>
public sealed record FigureSummary(int Count, double Median, double P95, double Mean, double Max)
{
    public static FigureSummary Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0
            ? new FigureSummary(0, double.NaN, double.NaN, double.NaN, double.NaN)
            : new FigureSummary(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.95), sorted.Average(), sorted[^1]);
    }

    /// <summary>Linear interpolation between closest ranks (the common "type 7" definition).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}

/// <summary>
/// The benchmark's answer for one strategy: success rate; frames, time and moves per focus over the successful
/// trials; final true |defocus| over all trials; how many trials ended for each reason.
/// </summary>
public sealed record FocusBenchmarkReport(
    string Strategy,
    int Trials,
    int Successes,
    double SuccessRate,
    double SuccessToleranceUm,
    FigureSummary FramesPerFocus,
    FigureSummary TimeToFocusMs,
    FigureSummary MovesPerFocus,
    FigureSummary FinalAbsDefocusUm,
    IReadOnlyDictionary<string, int> Reasons,
    IReadOnlyList<FocusTrialResult> Results);
