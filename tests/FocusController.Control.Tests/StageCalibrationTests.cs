using FocusController.Control.Calibration;
using System.Globalization;
using FocusController.Control.Tests.Fakes;
using Xunit.Abstractions;

namespace FocusController.Control.Tests;

public sealed class StageCalibrationTests(ITestOutputHelper output)
{
    private static CalibrationResult Calibrate(StageBench bench, double configuredUmPerMicrostep, CalibrationOptions? options = null) =>
        bench.Clock.Run(() => new StageCalibration(bench.Rig, options ?? new CalibrationOptions(), configuredUmPerMicrostep).RunAsync(CancellationToken.None));

    // The model here is a truth-based fake with 0.3 um of noise: the shipped models are under-trained (biased towards 0),
    // and what is under test is the measuring algorithm, not a model.
    [Theory]
    [InlineData(0.05, 0.0625, 2.0, true, 1)]
    [InlineData(0.05, 0.04, 5.0, false, 2)]
    [InlineData(0.1, 0.08, 2.0, false, 3)]
    [InlineData(0.1, 0.125, 5.0, true, 4)]
    [InlineData(0.1, 0.1, 0.0, true, 5)]
    public void With_a_truth_based_model_recovers_lead_backlash_and_direction_within_5_percent(
        double trueLead, double configuredLead, double backlash, bool dirHighIsPositive, int seed)
    {
        using var bench = new StageBench(trueLead, configuredLead, backlash, dirHighIsPositive, focusAtUm: 3, seed);

        var result = Calibrate(bench, configuredLead);

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"lead {result.UmPerMicrostep:F5} (true {trueLead}, {100 * ((result.UmPerMicrostep!.Value / trueLead) - 1):+0.00;-0.00} %), backlash {result.BacklashUm:F3} um (true {backlash}), scale +- {100 * result.ScaleUncertainty:F1} %, sign {result.DirectionSign}, {result.Frames} frames, {result.Elapsed.TotalSeconds:F0} s simulated"));
        Assert.Equal(dirHighIsPositive ? 1 : -1, result.DirectionSign);
        Assert.Equal(!dirHighIsPositive, result.DirectionInverted(configured: false));
        Assert.NotNull(result.UmPerMicrostep);
        Assert.True(Math.Abs(result.UmPerMicrostep.Value - trueLead) <= 0.05 * trueLead, $"lead {result.UmPerMicrostep} um/step, true {trueLead}");
        var backlashTolerance = Math.Max(0.05 * backlash, 0.1);
        Assert.True(Math.Abs(result.BacklashUm - backlash) <= backlashTolerance, $"backlash {result.BacklashUm} um, true {backlash}");
        Assert.True(Math.Abs(result.BacklashMicrosteps - (backlash / trueLead)) <= Math.Max(0.05 * backlash / trueLead, 1), $"backlash {result.BacklashMicrosteps} steps");
        Assert.Equal(0, bench.Stage.StepsWhileDisabled);
    }

    [Fact]
    public void A_model_that_scatters_too_much_leaves_the_scale_as_configured_but_still_measures_the_backlash()
    {
        using var bench = new StageBench(0.05, 0.0625, 3, true, focusAtUm: 2, seed: 6);
        bench.Estimator.NoiseUm = 4;

        var result = Calibrate(bench, 0.0625);

        Assert.Null(result.UmPerMicrostep);
        Assert.True(result.ScaleUncertainty > 0.025, $"uncertainty {result.ScaleUncertainty}");

        // in the configured scale: 3 um of true play is 60 true steps, 3.75 um as the config counts them
        Assert.True(Math.Abs(result.BacklashMicrosteps - 60) <= 3, $"backlash {result.BacklashMicrosteps} steps");
        Assert.True(Math.Abs(result.BacklashUm - 3.75) <= 0.19, $"backlash {result.BacklashUm} um");
    }

    [Fact]
    public void Stays_within_the_range_of_the_start_and_returns_there()
    {
        using var bench = new StageBench(0.1, 0.1, 3, true, focusAtUm: -4, seed: 7);
        var lowest = double.PositiveInfinity;
        var highest = double.NegativeInfinity;
        var options = new CalibrationOptions { RangeUm = 15 };
        var calibration = new StageCalibration(bench.Rig, options, 0.1)
        {
            Progress = new Watch(() =>
            {
                lowest = Math.Min(lowest, bench.Axis.PositionUm);
                highest = Math.Max(highest, bench.Axis.PositionUm);
            }),
        };

        var result = bench.Clock.Run(() => calibration.RunAsync(CancellationToken.None));

        Assert.Equal(0, bench.Axis.PositionUm, 6);
        // the motor never left +-15 um of the start: the plane lags it by at most the play
        var plane = bench.Stage.MechanicalPositionUm;
        Assert.InRange(plane, -3 - 1e-6, 1e-6);
        Assert.True(result.Frames > 20);
        Assert.True(lowest >= -15 && highest <= 15, $"{lowest}..{highest}");
    }

    [Fact]
    public void A_blank_field_is_reported_as_no_peak_not_as_figures()
    {
        using var bench = new StageBench(0.1, 0.1, 2, true, focusAtUm: 0, seed: 8);
        bench.Measure.Contrast = 0;

        var error = Assert.Throws<CalibrationException>(() => Calibrate(bench, 0.1));

        Assert.Contains("no focus peak", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Focus_outside_the_range_is_reported_with_what_to_do()
    {
        using var bench = new StageBench(0.1, 0.1, 2, true, focusAtUm: 30, seed: 9);

        var error = Assert.Throws<CalibrationException>(() => Calibrate(bench, 0.1));

        Assert.Contains("outside", error.Message, StringComparison.Ordinal);
        Assert.InRange(bench.Axis.PositionUm, -20, 20);
    }

    [Fact]
    public void Bad_options_are_refused_before_anything_moves()
    {
        using var bench = new StageBench(0.1, 0.1, 2, true, focusAtUm: 0, seed: 10);

        var error = Assert.Throws<ArgumentException>(() => new StageCalibration(bench.Rig, new CalibrationOptions { RangeUm = 0.5 }, 0.1));

        Assert.Contains("RangeUm = 0.5", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, bench.Stage.StepsReceived);
    }

    private sealed class Watch(Action onReport) : IProgress<string>
    {
        public void Report(string value) => onReport();
    }
}
