using System.Globalization;
using FocusController.Control.Tests.Fakes;
using FocusController.Control.Timing;
using FocusController.Control.Trials;
using Xunit.Abstractions;

namespace FocusController.Control.Tests;

public sealed class FocusTrialRunnerTests(ITestOutputHelper output)
{
    private static readonly FocusOptions Options = new();

    private static FocusBenchmarkReport Bench(string strategy, double maxStartUm, int trials, int seed)
    {
        var clock = new VirtualClock(FakeMicroscope.Epoch);
        var starts = new Random(seed);
        var tolerance = Options.Resolve(FocusController.Imaging.ObjectiveProfiles.Plan20x075).ToleranceUm;
        var runner = new FocusTrialRunner(successToleranceUm: tolerance);
        return clock.Run(() => runner.RunAsync(
            trials,
            (i, _) =>
            {
                var start = ((2 * starts.NextDouble()) - 1) * maxStartUm;
                var scope = new FakeMicroscope(start, seed + i, clock);
                IFocusStrategy chosen = strategy == ClassicStrategy.StrategyName
                    ? new ClassicStrategy(scope.Rig(withModel: false), Options, scope.Profile)
                    : new SingleShotStrategy(scope.Rig(), Options, scope.Profile);
                return ValueTask.FromResult(new FocusTrial(chosen, start, () => scope.TrueDefocusUm));
            },
            CancellationToken.None));
    }

    private void Print(FocusBenchmarkReport report) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{report.Strategy}: success {report.SuccessRate:P0}, frames median {report.FramesPerFocus.Median} p95 {report.FramesPerFocus.P95:0.#}, time median {report.TimeToFocusMs.Median:0} ms p95 {report.TimeToFocusMs.P95:0} ms, final |z| median {report.FinalAbsDefocusUm.Median:0.###} p95 {report.FinalAbsDefocusUm.P95:0.###} um"));

    [Fact]
    public void Single_shot_needs_far_fewer_frames_than_classic_over_many_trials()
    {
        var single = Bench(SingleShotStrategy.StrategyName, 8, 60, 1000);
        var classic = Bench(ClassicStrategy.StrategyName, 8, 60, 1000);
        Print(single);
        Print(classic);

        Assert.Equal(60, single.Trials);
        Assert.Equal(single.Successes, single.Results.Count(r => r.Success));
        Assert.True(single.SuccessRate >= 0.95, $"single-shot success {single.SuccessRate}");
        Assert.True(classic.SuccessRate >= 0.9, $"classic success {classic.SuccessRate}");
        Assert.True(single.FramesPerFocus.Median <= 2, $"single-shot median {single.FramesPerFocus.Median} frames");
        Assert.True(single.FramesPerFocus.P95 <= 3, $"single-shot p95 {single.FramesPerFocus.P95} frames");
        Assert.True(classic.FramesPerFocus.Median >= 4 * single.FramesPerFocus.Median);
        Assert.True(classic.TimeToFocusMs.Median > 2 * single.TimeToFocusMs.Median);
        Assert.True(single.FinalAbsDefocusUm.P95 <= single.SuccessToleranceUm);
        Assert.Equal(single.Trials, single.Reasons.Values.Sum());
    }

    [Fact]
    public void Starts_far_out_of_range_still_focus()
    {
        var report = Bench(SingleShotStrategy.StrategyName, 40, 40, 2000);
        Print(report);

        Assert.True(report.SuccessRate >= 0.95, $"success {report.SuccessRate}");
        Assert.True(report.FramesPerFocus.P95 <= 8, $"p95 {report.FramesPerFocus.P95} frames");
    }

    [Fact]
    public void A_strategy_that_says_in_focus_when_it_is_not_counts_as_a_failure()
    {
        var clock = new VirtualClock(FakeMicroscope.Epoch);
        var runner = new FocusTrialRunner(successToleranceUm: 0.4);
        var report = clock.Run(() => runner.RunAsync(
            3,
            (i, _) =>
            {
                var scope = new FakeMicroscope(5, i, clock);
                // a biased model: converges on its own zero, 2 um away from the real focus
                var biased = new BiasedEstimator(scope.Estimator, 2);
                var rig = scope.Rig() with { Estimator = biased };
                return ValueTask.FromResult(new FocusTrial(new SingleShotStrategy(rig, Options, scope.Profile), 5, () => scope.TrueDefocusUm));
            },
            CancellationToken.None));

        Assert.Equal(0, report.Successes);
        Assert.Equal(3, report.Reasons["false_in_focus"]);
        Assert.Equal(0, report.FramesPerFocus.Count);
        Assert.True(double.IsNaN(report.FramesPerFocus.Median));
        Assert.InRange(report.FinalAbsDefocusUm.Median, 1.5, 2.5);
    }

    [Theory]
    [InlineData(new[] { 1.0 }, 0.5, 1.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, 0.5, 2.5)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }, 0.95, 4.8)]
    [InlineData(new[] { 3.0, 3.0, 3.0 }, 0.95, 3.0)]
    public void Percentiles_interpolate_between_ranks(double[] sorted, double p, double expected)
    {
        Assert.Equal(expected, FigureSummary.Percentile(sorted, p), 9);
    }

    [Fact]
    public void Figure_summary_ignores_nan_and_is_nan_when_empty()
    {
        var summary = FigureSummary.Of([2, double.NaN, 4]);
        Assert.Equal(2, summary.Count);
        Assert.Equal(3, summary.Median);
        Assert.Equal(4, summary.Max);
        Assert.True(double.IsNaN(FigureSummary.Of([]).Median));
    }

    private sealed class BiasedEstimator(FocusController.Inference.IDefocusEstimator inner, double biasUm) : FocusController.Inference.IDefocusEstimator
    {
        public double RangeUm => inner.RangeUm;

        public double? NearFocusGain => inner.NearFocusGain;

        public FocusController.Inference.DefocusEstimate Estimate(FocusController.Imaging.RgbImage frame)
        {
            var estimate = inner.Estimate(frame);
            return estimate with { DefocusUm = estimate.DefocusUm + biasUm };
        }
    }
}
