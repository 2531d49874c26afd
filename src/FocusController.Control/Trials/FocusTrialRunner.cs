namespace FocusController.Control.Trials;

/// <summary>
/// Runs N autofocus trials and aggregates them. The caller prepares each trial (a fresh simulated specimen at a
/// random start, the strategy under test built on its ports); the runner only runs and measures, so the same runner
/// serves the virtual microscope, the test fakes and, with a person re-placing slides, a real one.
/// </summary>
/// <remarks>
/// Time to focus is the outcome's Elapsed, measured on the ports' TimeProvider: with the simulator on a
/// <see cref="Timing.VirtualClock"/> it is the time the real device would take, not the time the simulation took.
/// A trial succeeds when the strategy says in focus and the true defocus is within <paramref name="successToleranceUm"/>.
/// </remarks>
public sealed class FocusTrialRunner(double successToleranceUm)
{
    public async Task<FocusBenchmarkReport> RunAsync(
        int trials, Func<int, CancellationToken, ValueTask<FocusTrial>> prepare, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentNullException.ThrowIfNull(prepare);
        var results = new List<FocusTrialResult>(trials);
        string? strategy = null;
        for (var i = 0; i < trials; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trial = await prepare(i, cancellationToken).ConfigureAwait(false);
            try
            {
                strategy ??= trial.Strategy.Name;
                var outcome = await trial.Strategy.FocusAsync(cancellationToken).ConfigureAwait(false);
                var truth = trial.TrueDefocusUm();
                var success = outcome.IsInFocus && Math.Abs(truth) <= successToleranceUm;
                results.Add(new FocusTrialResult(i, trial.StartDefocusUm, truth, success, outcome));
            }
            finally
            {
                if (trial.Resources is { } resources)
                {
                    await resources.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        return Summarize(strategy!, results, successToleranceUm);
    }

    public static FocusBenchmarkReport Summarize(string strategy, IReadOnlyList<FocusTrialResult> results, double successToleranceUm)
    {
        ArgumentNullException.ThrowIfNull(results);
        var successes = results.Where(r => r.Success).ToArray();
        var reasons = results
            .GroupBy(r => r.Success ? FocusReasons.Converged : FailureReason(r))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new FocusBenchmarkReport(
            strategy,
            results.Count,
            successes.Length,
            results.Count == 0 ? 0 : (double)successes.Length / results.Count,
            successToleranceUm,
            FigureSummary.Of(successes.Select(r => (double)r.Outcome.Frames)),
            FigureSummary.Of(successes.Select(r => r.Outcome.Elapsed.TotalMilliseconds)),
            FigureSummary.Of(successes.Select(r => (double)r.Outcome.Moves)),
            FigureSummary.Of(results.Select(r => Math.Abs(r.FinalTrueDefocusUm))),
            reasons,
            results);
    }

    // "in focus" by the strategy's own judgement but not by the truth is the failure a benchmark most needs to show
    private static string FailureReason(FocusTrialResult result) =>
        result.Outcome.IsInFocus ? "false_in_focus" : result.Outcome.Reason;
}
