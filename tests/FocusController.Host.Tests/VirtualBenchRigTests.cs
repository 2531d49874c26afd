using FocusController.Control;
using FocusController.Bench;
using FocusController.Imaging;
using FocusController.Inference;

namespace FocusController.Host.Tests;

/// <summary>The virtual bench box: blank fields, travel limits, simulated move time and tracking, on small frames.</summary>
public sealed class VirtualBenchRigTests
{
    private const int Seed = 900_123;

    private static BenchRigSettings Small(Motion.Options.FocusDriveOptions? motor = null) =>
        new() { Profile = ObjectiveProfiles.Plan20x075, FrameWidth = 224, FrameHeight = 224, Motor = motor ?? BenchRigSettings.SimulatedMotor() };

    private static PatchDefocusEstimator ShippedModel(ModelPrecision precision)
    {
        string name = ModelFiles.FileName("20x-0.75", precision);
        string path = ModelFiles.Find(name, out _) ?? throw new FileNotFoundException($"the build copies {name} beside the tests", name);
        return PatchDefocusEstimator.Open(new LdseModelOptions { ModelPath = path, IntraOpThreads = 1 });
    }

    [Fact]
    public async Task Blank_fields_end_in_no_focus_here_within_a_bounded_number_of_frames_for_every_strategy()
    {
        using var int8 = ShippedModel(ModelPrecision.Int8);
        using var fp32 = ShippedModel(ModelPrecision.Fp32);
        var settings = new BenchSettings { Rig = Small(), Trials = 1, TrackingHours = 0 };
        var bench = new FocusBench(settings);
        var blank = VirtualBenchRig.BlankField(settings.Rig);
        // single-shot: the first frame, then the coarse search's budget of two frames per ring and four more
        int rings = (int)Math.Floor(settings.Focus.SearchSpanUm / (settings.Focus.CoarseStepRangeFraction * int8.RangeUm));
        int singleShotBound = 1 + (2 * rings) + 4;
        var contenders = new (BenchContender Contender, int MaxFrames)[]
        {
            (new(BenchReportWriter.SingleShotInt8, SingleShotStrategy.StrategyName, int8, TimeSpan.FromMilliseconds(20)), singleShotBound),
            (new(BenchReportWriter.SingleShotFp32, SingleShotStrategy.StrategyName, fp32, TimeSpan.FromMilliseconds(30)), singleShotBound),
            (new(BenchReportWriter.Classic, ClassicStrategy.StrategyName, null, TimeSpan.Zero), settings.Focus.MaxClassicFrames + 1),
        };

        foreach (var (contender, maxFrames) in contenders)
        {
            foreach (double start in new[] { 3.0, -50.0 })
            {
                var run = await Task.Run(() => bench.RunOne(0, blank, start, Seed, contender, CancellationToken.None));
                var outcome = run.Result.Outcome;

                Assert.True(outcome.Result == FocusResult.NoFocusHere, $"{contender.Name} from {start} um: {outcome.Result} {outcome.Reason}");
                Assert.Contains(outcome.Reason, new[] { FocusReasons.BlankField, FocusReasons.NoContent, FocusReasons.NoPeak });
                Assert.InRange(outcome.Frames, 1, maxFrames);
                Assert.False(run.Result.Success);
                Assert.True(run.StayedInTravel, $"{contender.Name} from {start} um: motor went {run.LowestMotorUm}..{run.HighestMotorUm} um, limits {run.MinPositionUm}..{run.MaxPositionUm} um");
            }
        }
    }

    [Fact]
    public async Task Far_starts_with_focus_beyond_the_travel_never_take_the_stage_past_its_limits()
    {
        // travel of ±25 um: a start 50 um out puts focus outside the travel altogether
        var motor = BenchRigSettings.SimulatedMotor();
        motor.MinPositionUm = -25;
        motor.MaxPositionUm = 25;
        var settings = new BenchSettings { Rig = Small(motor), Trials = 1, TrackingHours = 0 };
        var bench = new FocusBench(settings);
        using var int8 = ShippedModel(ModelPrecision.Int8);
        var specimen = VirtualBenchRig.Specimen(settings.Rig, "tissue", Seed);
        BenchContender[] contenders =
        [
            new(BenchReportWriter.SingleShotInt8, SingleShotStrategy.StrategyName, int8, TimeSpan.FromMilliseconds(20)),
            new(BenchReportWriter.Classic, ClassicStrategy.StrategyName, null, TimeSpan.Zero),
        ];

        foreach (var contender in contenders)
        {
            foreach (double start in new[] { 50.0, -50.0, 20.0 })
            {
                var run = await Task.Run(() => bench.RunOne(0, specimen, start, Seed, contender, CancellationToken.None));

                Assert.Equal(-25, run.MinPositionUm, 3);
                Assert.Equal(25, run.MaxPositionUm, 3);
                Assert.True(run.StayedInTravel, $"{contender.Name} from {start} um: motor went {run.LowestMotorUm}..{run.HighestMotorUm} um");
                Assert.NotEqual(FocusResult.Fault, run.Result.Outcome.Result);
                if (Math.Abs(start) > 25)
                {
                    // focus is out of reach: nothing may claim it
                    Assert.False(run.Result.Success);
                    Assert.True(Math.Abs(run.Result.FinalTrueDefocusUm) > 20, $"{contender.Name}: final {run.Result.FinalTrueDefocusUm} um");
                }
            }
        }
    }

    [Fact]
    public async Task A_move_costs_the_simulated_time_the_configured_motor_takes()
    {
        var settings = Small();
        var specimen = VirtualBenchRig.BlankField(settings);
        await using var rig = VirtualBenchRig.Open(settings, specimen, 0, null, TimeSpan.Zero, Seed);
        var timing = new MotorTiming(settings.Motor);
        var before = rig.Clock.GetUtcNow();

        rig.Clock.Run(() => rig.Drive.MoveToAsync(40, CancellationToken.None));

        var took = rig.Clock.GetUtcNow() - before;
        // 40 um at 200 um/s plus 0.1 s to reach and leave cruise speed; a backlash approach adds two legs of 3 um at most
        Assert.InRange(took.TotalSeconds, 0.29, 0.3 + (2 * timing.Leg((long)Math.Ceiling(3 / timing.UmPerMicrostep)).TotalSeconds) + 0.01);
        Assert.Equal(40, rig.Drive.PositionUm, 2);
        Assert.Equal(40, rig.Drive.MotorUm, 2);
        // the plane trails the motor by the knob's play, taken up from below before the rig was handed over
        Assert.Equal(40 - settings.StagePlayUm, rig.StagePositionUm, 2);
        // 100 um: 0.5 s at cruise speed plus 0.1 s for the ramps (the discrete ramp is a little quicker than the continuous one)
        Assert.InRange(timing.Leg((long)Math.Round(100 / timing.UmPerMicrostep)).TotalSeconds, 0.58, 0.605);
    }

    [Fact]
    public async Task Tracking_with_a_truthful_estimator_holds_true_focus_within_the_dead_band_plus_one_decision_window_of_drift_for_an_hour_and_a_half()
    {
        var settings = new BenchSettings
        {
            Rig = Small(),
            Trials = 1,
            TrackingHours = 1.5,
            TrackingDriftUmPerHour = 5,
            // an estimate a minute keeps the test quick; 5 um/h moves focus 0.08 um between estimates. A window of
            // three such estimates lets 0.25 um of drift in before the next decision, as much as half a correction
            // takes out, so this spacing needs full corrections (FocusOptions.TrackingCorrectionGain says so)
            Focus = new FocusOptions { TrackingIntervalSeconds = 60, MinCorrectionIntervalSeconds = 60, TrackingCorrectionGain = 1 },
        };
        const double NoiseUm = 0.03;
        var truthful = new TruthfulEstimator(NoiseUm, seed: 3);
        var specimen = VirtualBenchRig.Specimen(settings.Rig, "tissue", Seed);
        await using var rig = VirtualBenchRig.Open(settings.Rig, specimen, 0, truthful, TimeSpan.FromMilliseconds(20), Seed, settings.TrackingDriftUmPerHour);
        truthful.Camera = rig.Camera;
        var contender = new BenchContender("truthful", SingleShotStrategy.StrategyName, truthful, TimeSpan.Zero);

        var report = await Task.Run(() => new TrackingBench(settings).Run(rig, contender, CancellationToken.None));

        Assert.Equal(FocusReasons.Cancelled, report.Summary.StopReason);
        Assert.InRange(report.Summary.Samples, 88, 93);
        // 7.5 um of drift in 1.5 h against a 0.6 um dead band: corrections must have happened, and not at every estimate
        Assert.InRange(report.Summary.Corrections, 5, 45);
        // a correction waits for the median of the last estimates to leave the dead band, so the truth can pass it by the
        // drift over those estimates (plus their noise) before it is caught; never by more
        double bound = report.DeadBandUm + report.WindowDriftUm + (4 * NoiseUm);
        Assert.True(report.WorstAbsDefocusUm <= bound, $"true |z| reached {report.WorstAbsDefocusUm} um, dead band {report.DeadBandUm} um, bound {bound} um");
        Assert.Equal(report.WorstAbsDefocusUm <= report.DeadBandUm, report.HeldInDeadBand);
        Assert.True(report.AbsDefocusUm.Max <= report.WorstAbsDefocusUm);
        Assert.Equal(report.Summary.Samples, report.AbsDefocusUm.Count);
        Assert.True(report.AbsDefocusUm.Median < report.DeadBandUm, $"median true |z| {report.AbsDefocusUm.Median} um");
    }

    [Fact]
    public void The_trial_plan_is_repeatable_held_out_and_covers_every_kind_with_its_share_of_far_starts()
    {
        var plan = BenchTrialPlan.Draw(40, 5, 10, 50, 0.15);

        Assert.Equal(plan, BenchTrialPlan.Draw(40, 5, 10, 50, 0.15));
        Assert.NotEqual(plan.Select(t => t.StartDefocusUm), BenchTrialPlan.Draw(40, 6, 10, 50, 0.15).Select(t => t.StartDefocusUm));
        Assert.Equal(Simulation.Specimens.SpecimenKinds.All.Select(k => k.Kind).Order(), plan.Select(t => t.Kind).Distinct().Order());
        Assert.All(plan, t => Assert.True(t.SpecimenSeed >= BenchTrialPlan.FirstSpecimenSeed));
        Assert.Equal(plan.Count, plan.Select(t => t.SpecimenSeed).Distinct().Count());
        Assert.DoesNotContain(BenchTrialPlan.TrackingSpecimenSeed(5), plan.Select(t => t.SpecimenSeed));
        Assert.Equal(6, plan.Count(t => t.FarStart));
        Assert.All(plan.Where(t => t.FarStart), t => Assert.InRange(Math.Abs(t.StartDefocusUm), 10, 50));
        Assert.All(plan.Where(t => !t.FarStart), t => Assert.InRange(Math.Abs(t.StartDefocusUm), 0, 10));
        Assert.Contains(plan, t => t.StartDefocusUm < 0);
        Assert.Contains(plan, t => t.StartDefocusUm > 0);
    }

    /// <summary>
    /// The model the shipped ones are not yet (RMSE ~4 um): the true defocus of the frame plus a little noise, so a test
    /// of tracking checks the tracker and the rig, not the model's training.
    /// </summary>
    private sealed class TruthfulEstimator(double noiseUm, int seed) : IDefocusEstimator
    {
        private readonly Random _random = new(seed);

        public TruthRecordingCamera? Camera { get; set; }

        public double RangeUm => 10;

        public double? NearFocusGain => null;

        public DefocusEstimate Estimate(RgbImage frame)
        {
            if (Camera is null || !Camera.TryGetTruth(frame, out double truth))
            {
                throw new InvalidOperationException("a frame this camera did not deliver");
            }

            // Box-Muller: seeded, so the run repeats
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            return new DefocusEstimate(EstimateStatus.Ok, Math.Clamp(truth + (noiseUm * gaussian), -RangeUm, RangeUm), 0.9, [], TimeSpan.Zero);
        }
    }
}
