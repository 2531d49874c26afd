using System.Globalization;
using FocusController.Control.Tests.Fakes;
using FocusController.Tests.Shared;
using Xunit.Abstractions;

namespace FocusController.Control.Tests;

public sealed class FocusTrackerTests(ITestOutputHelper output)
{
    private static readonly FocusOptions Options = new();

    private static (TrackingSummary Summary, List<TrackingSample> Samples) Track(
        FakeMicroscope scope, TimeSpan duration, IFocusStrategy? refocus = null, FocusOptions? options = null)
    {
        var samples = new List<TrackingSample>();
        var progress = new SynchronousProgress<TrackingSample>(samples.Add);
        using var cts = new CancellationTokenSource(duration, scope.Clock);
        var tracker = new FocusTracker(scope.Rig(), options ?? Options, scope.Profile, refocus);
        var summary = scope.Clock.Run(() => tracker.RunAsync(progress, cts.Token));
        return (summary, samples);
    }

    private static double ThermalDrift(TimeSpan t) =>
        (1.5 * t.TotalHours) + (1.0 * Math.Sin(2 * Math.PI * t.TotalHours / 2.0));

    [Fact]
    public void Eight_hours_of_slow_drift_stay_within_the_dead_band_with_few_rate_limited_corrections()
    {
        var scope = new FakeMicroscope(0, 201) { Drift = ThermalDrift };
        var deadBand = Options.Resolve(scope.Profile).DeadBandUm;

        var (summary, samples) = Track(scope, TimeSpan.FromHours(8));

        Assert.Equal(FocusReasons.Cancelled, summary.StopReason);
        Assert.Equal(TimeSpan.FromHours(8), summary.Elapsed);
        Assert.InRange(summary.Samples, 2700, 2900);
        Assert.Equal(samples.Count(s => s.Action == TrackingActions.Probing), summary.Probes);
        Assert.Equal(0, scope.Camera.StaleFrames);
        Assert.Empty(scope.Drive.Violations);

        // drift is about 1.3 nm/s: between one estimate and the next (or a rate-limited one) it adds little
        var worst = scope.Camera.Delivered.Max(f => Math.Abs(f.DefocusUm));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"8 h: {summary.Samples} estimates, {summary.Corrections} corrections, {summary.RateLimited} rate-limited, worst |z| {worst:0.###} um, dead band {deadBand:0.###} um"));
        Assert.True(worst <= deadBand + (4 * scope.Estimator.NoiseUm) + 0.05, $"worst |z| {worst} um, dead band {deadBand} um");

        // the model has the sign right everywhere: a probe sends a correction against it only when the noise of its
        // frames outweighs what the probe step took off
        Assert.True(summary.ProbeReversals <= summary.Corrections / 10, $"{summary.ProbeReversals} of {summary.Corrections} corrections against the model");

        // the drift path is about 12 um up plus the sine's swings; each correction takes out about one dead band
        var path = scope.Camera.Delivered.Zip(scope.Camera.Delivered.Skip(1)).Sum(p => Math.Abs(ThermalDrift(p.Second.ExposureStart - FakeMicroscope.Epoch) - ThermalDrift(p.First.ExposureStart - FakeMicroscope.Epoch)));
        Assert.InRange(summary.Corrections, (int)(path / (deadBand + 0.5)), (int)(path / (deadBand * 0.5)) + 1);

        var corrections = samples.Where(s => TrackingActions.IsCorrection(s.Action)).ToArray();
        Assert.Equal(summary.Corrections, corrections.Length);
        Assert.All(corrections, c => Assert.InRange(Math.Abs(c.CorrectionUm), 0, Options.MaxCorrectionUm));
        Assert.All(
            corrections.Zip(corrections.Skip(1)),
            p => Assert.True(p.Second.ExposureStart - p.First.ExposureStart >= TimeSpan.FromSeconds(Options.MinCorrectionIntervalSeconds)));
    }

    [Fact]
    public void A_misread_frame_now_and_then_moves_nothing_when_corrections_follow_the_median()
    {
        // every 7th estimate 1.5 um off, alternately up and down, on a specimen that does not drift at all
        static (TrackingSummary Summary, FakeMicroscope Scope) MisreadEvery7th(int medianOf)
        {
            var scope = new FakeMicroscope(0, 210);
            scope.Estimator.OutlierEvery = 7;
            scope.Estimator.OutlierUm = 1.5;
            var (summary, _) = Track(scope, TimeSpan.FromHours(2), options: new FocusOptions { TrackingMedianOf = medianOf });
            return (summary, scope);
        }

        var deadBand = Options.Resolve(new FakeMicroscope(0, 210).Profile).DeadBandUm;
        var (filtered, scope) = MisreadEvery7th(3);
        var (single, singleScope) = MisreadEvery7th(1);

        Assert.True(scope.Estimator.Outliers > 100);
        Assert.Equal(0, filtered.Corrections);
        Assert.All(scope.Camera.Delivered, f => Assert.True(Math.Abs(f.DefocusUm) <= deadBand, $"{f.DefocusUm} um"));

        // acting on single frames, each misread is a correction that puts the specimen 1.5 um out, and another to undo it
        Assert.True(single.Corrections > 100, $"{single.Corrections} corrections");
        Assert.Contains(singleScope.Camera.Delivered, f => Math.Abs(f.DefocusUm) > deadBand);
    }

    [Fact]
    public void No_content_pauses_corrections_and_tracking_resumes_after()
    {
        var blankFrom = TimeSpan.FromHours(1);
        var blankUntil = TimeSpan.FromHours(2);
        var scope = new FakeMicroscope(0, 202)
        {
            Drift = t => 1.5 * t.TotalHours,
            Blank = t => t >= blankFrom && t < blankUntil,
        };

        var (summary, samples) = Track(scope, TimeSpan.FromHours(3));

        Assert.InRange(summary.Paused, 350, 370);
        Assert.DoesNotContain(
            samples,
            s => s.Action == TrackingActions.Corrected && s.ExposureStart - FakeMicroscope.Epoch >= blankFrom && s.ExposureStart - FakeMicroscope.Epoch < blankUntil);
        Assert.Contains(samples, s => s.Action == TrackingActions.Corrected && s.ExposureStart - FakeMicroscope.Epoch >= blankUntil);
        var lastHour = scope.Camera.Delivered.Where(f => f.ExposureStart - FakeMicroscope.Epoch > blankUntil + TimeSpan.FromMinutes(5));
        Assert.All(lastHour, f => Assert.True(Math.Abs(f.DefocusUm) < 1.2, $"{f.DefocusUm} um"));
    }

    [Fact]
    public void A_model_that_reads_this_specimen_off_zero_holds_the_focus_it_was_handed_not_its_own_zero()
    {
        // the model reads 0.5 um too high on this specimen: zero for it is 0.5 um below focus, near the dead band's edge
        static FakeMicroscope Run(bool holdLocked, out TrackingSummary summary)
        {
            var scope = new FakeMicroscope(0, 205) { Drift = ThermalDrift };
            scope.Estimator.Reading = z => z + 0.5;
            (summary, _) = Track(scope, TimeSpan.FromHours(4), options: new FocusOptions { TrackingHoldsLockedReading = holdLocked });
            return scope;
        }

        var locked = Run(holdLocked: true, out var summary);
        var zeroHeld = Run(holdLocked: false, out _);

        var deadBand = Options.Resolve(locked.Profile).DeadBandUm;
        Assert.True(summary.Corrections > 5, "the drift needs correcting");
        Assert.All(locked.Camera.Delivered, f => Assert.True(Math.Abs(f.DefocusUm) <= deadBand + (4 * locked.Estimator.NoiseUm), $"{f.DefocusUm} um"));
        var lockedMedian = Medians.Of(locked.Camera.Delivered.Select(f => f.DefocusUm));
        var zeroMedian = Medians.Of(zeroHeld.Camera.Delivered.Select(f => f.DefocusUm));
        // both lag the one-way drift by part of the dead band; holding zero lags by the model's 0.5 um more
        Assert.True(lockedMedian - zeroMedian > 0.35, $"median true defocus {lockedMedian} um locked, {zeroMedian} um holding zero");
    }

    [Fact]
    public void Started_out_of_focus_it_holds_zero_instead_of_locking_the_error_in()
    {
        // 2 um out is beyond twice the dead band: not a focus anyone handed over
        var scope = new FakeMicroscope(2, 206);

        var (summary, _) = Track(scope, TimeSpan.FromMinutes(10));

        Assert.True(summary.Corrections >= 2, $"{summary.Corrections} corrections");
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Options.Resolve(scope.Profile).DeadBandUm, $"{scope.TrueDefocusUm} um");
    }

    [Fact]
    public void A_correction_takes_out_the_configured_fraction_of_the_error()
    {
        var scope = new FakeMicroscope(0, 207) { Drift = t => t >= TimeSpan.FromMinutes(5) ? 1.6 : 0 };
        scope.Estimator.NoiseUm = 0.02;
        var options = new FocusOptions { TrackingCorrectionGain = 0.5 };

        var (_, samples) = Track(scope, TimeSpan.FromMinutes(8), options: options);

        // the specimen moved 1.6 um away (defocus −1.6): the first correction moves the axis half of that back
        var first = samples.First(s => s.Action == TrackingActions.Corrected);
        Assert.Equal(-0.8, -first.CorrectionUm, 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_sudden_jump_is_corrected_in_rate_limited_steps_no_larger_than_the_maximum(int medianOf)
    {
        var scope = new FakeMicroscope(0, 203) { Drift = t => t >= TimeSpan.FromMinutes(10) ? 5 : 0 };
        var options = new FocusOptions { TrackingMedianOf = medianOf };

        var (summary, samples) = Track(scope, TimeSpan.FromMinutes(20), options: options);

        var corrections = samples.Where(s => TrackingActions.IsCorrection(s.Action)).ToArray();
        // half corrections: the maximum, then about half the rest each time until inside the dead band
        Assert.InRange(corrections.Length, 3, 5);
        Assert.All(corrections, c => Assert.True(Math.Abs(c.CorrectionUm) <= options.MaxCorrectionUm + 1e-9));
        Assert.All(
            corrections.Zip(corrections.Skip(1)),
            p => Assert.True(p.Second.ExposureStart - p.First.ExposureStart >= TimeSpan.FromSeconds(options.MinCorrectionIntervalSeconds)));
        if (medianOf == 1)
        {
            // acting on every estimate, the error is seen at each interval and the rate limit holds most of them back
            Assert.True(summary.RateLimited >= 4, $"{summary.RateLimited} rate-limited");
        }

        Assert.Equal(0, scope.Camera.StaleFrames);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= options.Resolve(scope.Profile).DeadBandUm + 0.3);
    }

    [Fact]
    public void Lost_focus_runs_autofocus_again()
    {
        var scope = new FakeMicroscope(0, 204) { Drift = t => t >= TimeSpan.FromMinutes(5) ? 30 : 0 };
        var refocus = new SingleShotStrategy(scope.Rig(), Options, scope.Profile);

        var (summary, _) = Track(scope, TimeSpan.FromMinutes(10), refocus);

        Assert.Equal(1, summary.Refocuses);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Options.Resolve(scope.Profile).DeadBandUm + 0.3);
        Assert.Empty(scope.Drive.Violations);
        Assert.Equal(0, scope.Camera.StaleFrames);
    }

    [Fact]
    public void Lost_focus_without_a_strategy_stops_tracking()
    {
        var scope = new FakeMicroscope(0, 205) { Drift = t => t >= TimeSpan.FromMinutes(5) ? -30 : 0 };

        var (summary, _) = Track(scope, TimeSpan.FromMinutes(10));

        Assert.Equal(TrackingActions.FocusLost, summary.StopReason);
        Assert.InRange(summary.Elapsed, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5.2));
    }

    [Fact]
    public void Cancellation_stops_tracking_promptly()
    {
        var scope = new FakeMicroscope(0, 206) { Drift = ThermalDrift };

        var (summary, _) = Track(scope, TimeSpan.FromMinutes(61.5));

        Assert.Equal(FocusReasons.Cancelled, summary.StopReason);
        Assert.Equal(TimeSpan.FromMinutes(61.5), summary.Elapsed);
    }

    [Fact]
    public void Lost_camera_stops_tracking_with_its_reason()
    {
        var scope = new FakeMicroscope(0, 207);
        scope.Camera.LostAfterFrames = 10;

        var (summary, _) = Track(scope, TimeSpan.FromHours(1));

        Assert.Equal(FocusReasons.CameraLost, summary.StopReason);
        Assert.Equal(10, summary.Samples);
    }

    [Fact]
    public void Corrections_never_push_past_a_travel_limit()
    {
        var scope = new FakeMicroscope(0, 208) { Drift = t => -3 * t.TotalHours };
        scope.Drive.MinPositionUm = -4;

        var (summary, _) = Track(scope, TimeSpan.FromHours(3));

        Assert.Empty(scope.Drive.Violations);
        Assert.True(summary.AtLimit > 0);
        Assert.Equal(-4, scope.Drive.PositionUm, 3);
    }

    [Fact]
    public void A_reversed_axis_is_noticed_from_corrections_that_make_things_worse_and_then_held()
    {
        var scope = new FakeMicroscope(0, 209) { Drift = t => 2 * t.TotalHours };
        scope.Drive.Reversed = true;
        var deadBand = Options.Resolve(scope.Profile).DeadBandUm;

        var (summary, _) = Track(scope, TimeSpan.FromHours(4), options: new FocusOptions { TrackingProbeFraction = 0 });

        Assert.Equal(1, summary.Reversals);
        Assert.Equal(0, summary.Refocuses);
        var afterLearning = scope.Camera.Delivered.Where(f => f.ExposureStart - FakeMicroscope.Epoch > TimeSpan.FromHours(1));
        Assert.All(afterLearning, f => Assert.True(Math.Abs(f.DefocusUm) <= deadBand + 0.5, $"{f.DefocusUm} um"));
        Assert.Empty(scope.Drive.Violations);
    }

    [Fact]
    public void With_probing_a_reversed_axis_is_held_from_the_first_correction_each_going_against_its_probe()
    {
        // a reversed axis and a model with the sign wrong look the same to one probe: each probe reads worse and the
        // correction goes the other way, which on this axis is the right way
        var scope = new FakeMicroscope(0, 209) { Drift = t => 2 * t.TotalHours };
        scope.Drive.Reversed = true;
        var deadBand = Options.Resolve(scope.Profile).DeadBandUm;

        var (summary, samples) = Track(scope, TimeSpan.FromHours(4));

        Assert.True(summary.Corrections > 5, $"{summary.Corrections} corrections");
        Assert.True(summary.ProbeReversals >= summary.Corrections / 2, $"{summary.ProbeReversals} of {summary.Corrections} corrections against the model");
        Assert.Equal(summary.ProbeReversals, samples.Count(s => s.Action == TrackingActions.CorrectedAgainstModel));
        Assert.Equal(summary.Corrections, samples.Count(s => TrackingActions.IsCorrection(s.Action)));
        Assert.All(scope.Camera.Delivered, f => Assert.True(Math.Abs(f.DefocusUm) <= deadBand + (4 * scope.Estimator.NoiseUm), $"{f.DefocusUm} um"));
        Assert.Empty(scope.Drive.Violations);
    }

    [Fact]
    public void A_model_that_reads_the_wrong_side_just_out_of_focus_is_caught_by_the_probe_and_focus_held()
    {
        // from 0.35 to 0.9 um above focus this model reads the specimen below focus (the shipped 40x model reads the
        // bench's tissue specimen so): following it moves the specimen further out
        static (FakeMicroscope Scope, TrackingSummary Summary, List<TrackingSample> Samples) Run(double probeFraction)
        {
            var scope = new FakeMicroscope(0, 211) { Drift = t => -2 * t.TotalHours };
            scope.Estimator.Reading = z => z is > 0.35 and < 0.9 ? -z - 0.3 : z;
            scope.Estimator.NoiseUm = 0.05;
            var (summary, samples) = Track(scope, TimeSpan.FromHours(4), options: new FocusOptions { TrackingProbeFraction = probeFraction });
            return (scope, summary, samples);
        }

        var (probed, summary, samples) = Run(0.25);
        var (followed, _, _) = Run(0);
        var deadBand = Options.Resolve(probed.Profile).DeadBandUm;

        Assert.True(summary.ProbeReversals >= 10, $"{summary.ProbeReversals} probe reversals of {summary.Corrections} corrections");
        Assert.All(probed.Camera.Delivered, f => Assert.True(Math.Abs(f.DefocusUm) <= deadBand, $"{f.DefocusUm} um"));
        Assert.Empty(probed.Drive.Violations);
        // each probe is a quarter of the dead band the model's way, its frame reported after the estimate that asked
        var probing = samples.Where(s => s.Action == TrackingActions.Probing).ToArray();
        Assert.Equal(summary.Corrections, probing.Length);
        Assert.All(
            samples.Zip(samples.Skip(1)).Where(p => p.First.Action == TrackingActions.Probing),
            p => Assert.InRange(
                (p.Second.PositionUm - p.First.PositionUm) * Math.Sign(p.First.CorrectionUm),
                (0.25 * deadBand) - 0.035,
                (0.25 * deadBand) + 0.035));
        Assert.Contains(followed.Camera.Delivered, f => Math.Abs(f.DefocusUm) > deadBand + 0.3);
    }

    [Fact]
    public void With_the_specimen_s_reference_a_model_that_reads_the_wrong_side_near_focus_is_not_followed()
    {
        // the same misreading model as above, probing off: only the reference can keep focus
        static (FakeMicroscope Scope, TrackingSummary Summary, List<TrackingSample> Samples) Run(int referenceFrames)
        {
            var scope = new FakeMicroscope(0, 212) { Drift = t => -2 * t.TotalHours, Field = new ThroughFocusField(212) };
            scope.Estimator.Reading = z => z is > 0.35 and < 0.9 ? -z - 0.3 : z;
            scope.Estimator.NoiseUm = 0.05;
            var options = new FocusOptions { TrackingProbeFraction = 0, TrackingReferenceFrames = referenceFrames };
            var (summary, samples) = Track(scope, TimeSpan.FromHours(4), options: options);
            return (scope, summary, samples);
        }

        var (referenced, summary, samples) = Run(11);
        var (followed, modelOnly, _) = Run(0);
        var deadBand = Options.Resolve(referenced.Profile).DeadBandUm;

        Assert.Equal(1, summary.ReferenceCaptures);
        Assert.Equal(0, summary.ReferenceLosses);
        Assert.True(summary.Corrections >= 8, $"{summary.Corrections} corrections for 8 um of drift");
        Assert.Equal(summary.Corrections, summary.ReferenceCorrections);
        Assert.Equal(0, summary.Probes);
        Assert.All(referenced.Camera.Delivered, f => Assert.True(Math.Abs(f.DefocusUm) <= deadBand, $"{f.DefocusUm} um"));
        Assert.Empty(referenced.Drive.Violations);
        Assert.Equal(0, referenced.Camera.StaleFrames);
        // every estimate after the reference was taken was read from it, to a few hundredths of a µm of the truth
        var afterTaking = samples.SkipWhile(s => s.Action != TrackingActions.ReferenceTaken).Skip(1).ToArray();
        Assert.All(afterTaking, s => Assert.NotNull(s.ReferenceUm));
        Assert.Equal(0, modelOnly.ReferenceCaptures);
        Assert.Contains(followed.Camera.Delivered, f => Math.Abs(f.DefocusUm) > deadBand + 0.3);
    }

    [Fact]
    public void The_reference_is_taken_once_focus_is_held_at_even_steps_inside_the_dead_band_and_the_axis_returns()
    {
        var scope = new FakeMicroscope(0, 213) { Field = new ThroughFocusField(213) };
        var deadBand = Options.Resolve(scope.Profile).DeadBandUm;

        var (summary, samples) = Track(scope, TimeSpan.FromMinutes(5));

        Assert.Equal(1, summary.ReferenceCaptures);
        // the estimate that fills the first window of three sets the held reading, and the stack is taken right after it
        Assert.Equal(TrackingActions.ReferenceTaken, samples[2].Action);
        var span = TrackingReference.SpanDeadBandFraction * deadBand;
        var expected = Enumerable.Range(0, 11).Select(i => -span + (i * span / 5)).Append(0).ToArray();
        Assert.Equal(expected.Length, scope.Drive.Targets.Count);
        Assert.All(expected.Zip(scope.Drive.Targets), p => Assert.Equal(p.First, p.Second, 6));
        Assert.All(scope.Camera.Delivered, f => Assert.True(Math.Abs(f.DefocusUm) <= span + 1e-9, $"{f.DefocusUm} um"));
        Assert.Equal(0, scope.Camera.StaleFrames);
        Assert.Equal(0, scope.Drive.PositionUm, 6);
    }

    [Fact]
    public void A_reversed_axis_is_held_from_the_reference_without_learning_its_direction()
    {
        // the reference's offsets are in the axis's own µm: a correction of minus the reading is right either way
        var scope = new FakeMicroscope(0, 214) { Drift = t => 2 * t.TotalHours, Field = new ThroughFocusField(214) };
        scope.Drive.Reversed = true;
        var deadBand = Options.Resolve(scope.Profile).DeadBandUm;

        var (summary, _) = Track(scope, TimeSpan.FromHours(3));

        Assert.Equal(0, summary.Reversals);
        Assert.True(summary.ReferenceCorrections >= 6, $"{summary.ReferenceCorrections} corrections for 6 um of drift");
        Assert.All(scope.Camera.Delivered, f => Assert.True(Math.Abs(f.DefocusUm) <= deadBand, $"{f.DefocusUm} um"));
    }

    [Fact]
    public void A_slide_creeping_sideways_is_followed_and_the_reference_taken_again_when_it_has_slid_too_far()
    {
        // 1 px a minute for 40 minutes: the reference follows up to its 16 px margin, then loses the match and is taken
        // afresh where the slide is then, twice
        var scope = new FakeMicroscope(0, 215)
        {
            Drift = t => 1.5 * t.TotalHours,
            Field = new ThroughFocusField(215, maxShift: 40),
            Sideways = t => ((int)Math.Min(t.TotalMinutes, 40), 0),
        };
        var deadBand = Options.Resolve(scope.Profile).DeadBandUm;

        var (summary, samples) = Track(scope, TimeSpan.FromHours(1.5));

        Assert.Equal(2, summary.ReferenceLosses);
        Assert.Equal(3, summary.ReferenceCaptures);
        Assert.True(samples.Count(s => s.ReferenceUm is not null) > samples.Count / 2);
        Assert.All(scope.Camera.Delivered, f => Assert.True(Math.Abs(f.DefocusUm) <= deadBand + (4 * scope.Estimator.NoiseUm), $"{f.DefocusUm} um"));
    }

    [Fact]
    public void After_focus_is_lost_and_found_again_the_reference_is_taken_afresh_at_the_new_focus()
    {
        var scope = new FakeMicroscope(0, 217) { Drift = t => t >= TimeSpan.FromMinutes(5) ? 30 : 0, Field = new ThroughFocusField(217) };
        var refocus = new SingleShotStrategy(scope.Rig(), Options, scope.Profile);

        var (summary, samples) = Track(scope, TimeSpan.FromMinutes(12), refocus);

        Assert.Equal(1, summary.Refocuses);
        Assert.Equal(2, summary.ReferenceCaptures);
        var refocused = samples.FindIndex(s => s.Action == TrackingActions.Refocused);
        Assert.Contains(samples.Skip(refocused), s => s.Action == TrackingActions.ReferenceTaken);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Options.Resolve(scope.Profile).DeadBandUm);
    }

    [Fact]
    public void Holding_zero_instead_of_a_locked_reading_the_reference_still_waits_for_a_full_window()
    {
        var scope = new FakeMicroscope(0, 218) { Field = new ThroughFocusField(218) };

        var (summary, samples) = Track(scope, TimeSpan.FromMinutes(2), options: new FocusOptions { TrackingHoldsLockedReading = false });

        Assert.Equal(1, summary.ReferenceCaptures);
        Assert.Equal(2, samples.FindIndex(s => s.Action == TrackingActions.ReferenceTaken));
    }

    [Fact]
    public void Frames_too_small_for_a_reference_leave_tracking_on_the_model()
    {
        var scope = new FakeMicroscope(0, 216) { Drift = t => 2 * t.TotalHours };

        var (summary, samples) = Track(scope, TimeSpan.FromHours(1));

        Assert.Equal(0, summary.ReferenceCaptures);
        Assert.True(summary.Corrections > 0);
        Assert.All(samples, s => Assert.Null(s.ReferenceUm));
    }

    /// <summary>IProgress that reports inline, so the list is complete when the run returns.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
