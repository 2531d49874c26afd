using System.Globalization;
using FocusController.Control;
using FocusController.Control.Trials;
using FocusController.Simulation.Specimens;

namespace FocusController.Bench;

/// <summary>
/// Runs the same trials (specimen, seed, start) for every contender, each trial on a fresh virtual box with its own
/// simulated clock, and summarises each contender with <see cref="FocusTrialRunner.Summarize"/>. The contenders of a
/// trial run side by side, each on its own thread and clock, so the figures are the same as one after another and do
/// not depend on how busy the host is.
/// </summary>
public sealed class FocusBench(BenchSettings settings)
{
    public BenchSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    public BenchReport Run(IReadOnlyList<BenchContender> contenders, BenchContender? tracking, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contenders);
        var plan = BenchTrialPlan.Draw(Settings.Trials, Settings.Seed, Settings.NearRangeUm, Settings.FarRangeUm, Settings.FarShare, Settings.Rig.HeldoutImages.Count > 0);
        var runs = contenders.Select(_ => new List<BenchTrialRun>(plan.Count)).ToArray();
        foreach (var trial in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var specimen = VirtualBenchRig.Specimen(Settings.Rig, trial.Kind, trial.SpecimenSeed);
            double focalPlane = VirtualBenchRig.FocalPlaneUm(Settings.Rig, specimen);
            var done = SideBySide(contenders, c => RunOne(trial.Index, specimen, trial.StartDefocusUm, trial.SpecimenSeed, c, cancellationToken, focalPlane));
            for (int c = 0; c < contenders.Count; c++)
            {
                runs[c].Add(done[c]);
            }

            if ((trial.Index + 1) % 10 == 0)
            {
                progress?.Report(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{trial.Index + 1}/{plan.Count} trials; successes so far: {string.Join(", ", contenders.Select((c, k) => $"{c.Name} {runs[k].Count(r => r.Result.Success)}"))}"));
            }
        }

        var reports = contenders
            .Select((c, i) =>
            {
                var results = runs[i].Select(r => r.Result).ToArray();
                return new BenchStrategyReport(
                    FocusTrialRunner.Summarize(c.Name, results, Settings.SuccessToleranceUm),
                    runs[i].Count(r => !r.StayedInTravel),
                    c.InferenceTime,
                    c.ModelVersion,
                    results,
                    results.GroupBy(r => plan[r.Index].Kind)
                        .Select(g => KeyValuePair.Create(g.Key, FocusTrialRunner.Summarize(c.Name, g.ToArray(), Settings.SuccessToleranceUm)))
                        .ToArray());
            })
            .ToArray();
        TrackingReport? held = null;
        if (tracking is not null && Settings.TrackingHours > 0)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"tracking {Settings.TrackingHours:0.##} h with {tracking.Name}"));
            held = new TrackingBench(Settings).Run(tracking, cancellationToken);
        }

        return new BenchReport(Settings, plan, reports, held);
    }

    // dedicated threads, not the pool: each blocks in its clock's run loop while the axis's pulse thread hands its
    // continuation to the pool, which must not be starved
    private static BenchTrialRun[] SideBySide(IReadOnlyList<BenchContender> contenders, Func<BenchContender, BenchTrialRun> run)
    {
        var results = new BenchTrialRun[contenders.Count];
        var failures = new Exception?[contenders.Count];
        var threads = new Thread[contenders.Count];
        for (int c = 0; c < contenders.Count; c++)
        {
            int k = c;
            threads[k] = new Thread(() =>
            {
                try
                {
                    results[k] = run(contenders[k]);
                }
#pragma warning disable CA1031 // handed to the caller below, not swallowed
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures[k] = e;
                }
            })
            {
                IsBackground = true,
                Name = $"bench-{contenders[k].Name}",
            };
            threads[k].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var failed = failures.OfType<Exception>().ToArray();
        if (failed.Length > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.Length == 1 ? failed[0] : new AggregateException(failed));
        }

        return results;
    }

    /// <summary>One contender on one trial: a fresh rig, one autofocus run in simulated time, the truth afterwards.</summary>
    public BenchTrialRun RunOne(int index, Specimen specimen, double startDefocusUm, int seed, BenchContender contender, CancellationToken cancellationToken, double? focalPlaneUm = null)
    {
        ArgumentNullException.ThrowIfNull(specimen);
        ArgumentNullException.ThrowIfNull(contender);
        var rig = VirtualBenchRig.Open(Settings.Rig, specimen, startDefocusUm, contender.Estimator, contender.InferenceTime, seed, focalPlaneUm: focalPlaneUm);
        try
        {
            var strategy = FocusStrategies.Create(contender.Strategy, rig.Rig, Settings.Focus, Settings.Rig.Profile);
            var outcome = rig.Clock.Run(() => strategy.FocusAsync(cancellationToken));
            double truth = rig.TrueDefocusUm;
            bool success = outcome.IsInFocus && Math.Abs(truth) <= Settings.SuccessToleranceUm;
            return new BenchTrialRun(
                new FocusTrialResult(index, startDefocusUm, truth, success, outcome),
                rig.Drive.LowestMotorUm,
                rig.Drive.HighestMotorUm,
                rig.Drive.MinPositionUm,
                rig.Drive.MaxPositionUm);
        }
        finally
        {
            rig.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
