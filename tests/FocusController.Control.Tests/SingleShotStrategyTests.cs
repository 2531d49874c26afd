using FocusController.Control.Tests.Fakes;

namespace FocusController.Control.Tests;

public sealed class SingleShotStrategyTests
{
    private static readonly FocusOptions Options = new();

    private static double Tolerance(FakeMicroscope scope) => Options.Resolve(scope.Profile).ToleranceUm;

    private static FocusOutcome Focus(FakeMicroscope scope, AxisDirection? direction = null, FocusOptions? options = null) =>
        scope.Clock.Run(() => new SingleShotStrategy(scope.Rig(), options ?? Options, scope.Profile, direction).FocusAsync(CancellationToken.None));

    private static void AssertSafe(FakeMicroscope scope)
    {
        Assert.Empty(scope.Drive.Violations);
        Assert.Equal(0, scope.Camera.StaleFrames);
        Assert.All(scope.Drive.Targets, t => Assert.InRange(t, scope.Drive.MinPositionUm, scope.Drive.MaxPositionUm));
    }

    [Theory]
    [InlineData(8.0, 1)]
    [InlineData(-8.0, 2)]
    [InlineData(5.5, 3)]
    [InlineData(-2.0, 4)]
    [InlineData(7.9, 5)]
    public void Converges_from_within_the_model_range_in_at_most_three_frames(double start, int seed)
    {
        var scope = new FakeMicroscope(start, seed);

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.Equal(FocusReasons.Converged, outcome.Reason);
        Assert.InRange(outcome.Frames, 1, 3);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        Assert.True(Math.Abs(outcome.FinalEstimateUm!.Value) < Tolerance(scope));
        Assert.Equal(scope.Drive.PositionUm, outcome.FinalPositionUm);
        Assert.Equal(outcome.Frames, outcome.Trace.Count);
        Assert.Equal(scope.Camera.Frames, outcome.Frames);
        Assert.True(outcome.Elapsed > TimeSpan.Zero);
        AssertSafe(scope);
    }

    [Theory]
    [InlineData(4.0, 21)]
    [InlineData(-7.3, 22)]
    public void An_axis_that_lands_on_whole_microsteps_converges_with_one_move_per_correction(double start, int seed)
    {
        // 1/32 um microsteps: a target between two steps must not be chased for ever
        var scope = new FakeMicroscope(start, seed);
        scope.Drive.StepUm = 1.0 / 32;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.InRange(outcome.Frames, 1, 3);
        Assert.InRange(outcome.Moves, 1, outcome.Frames);
        AssertSafe(scope);
    }

    [Fact]
    public void Already_in_focus_takes_one_frame_and_does_not_move()
    {
        var scope = new FakeMicroscope(0.1, 7);

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.Equal(1, outcome.Frames);
        Assert.Equal(0, outcome.Moves);
        Assert.Empty(scope.Drive.Targets);
    }

    [Theory]
    [InlineData(40.0, 11)]
    [InlineData(-40.0, 12)]
    [InlineData(23.0, 13)]
    public void Out_of_range_start_is_brought_in_by_the_coarse_search_then_converges(double start, int seed)
    {
        var scope = new FakeMicroscope(start, seed);

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.Contains(outcome.Trace, s => s.Phase == CoarseSearch.Phase);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        // 40 um at 15 um per coarse step: three steps, then one correction and its check
        Assert.InRange(outcome.Frames, 2, 7);
        AssertSafe(scope);
    }

    [Theory]
    [InlineData(25.0, 21)]
    [InlineData(-35.0, 22)]
    public void Out_of_range_with_an_unsure_model_scans_both_ways_and_follows_the_sharper_side(double start, int seed)
    {
        var scope = new FakeMicroscope(start, seed);
        scope.Estimator.ConfidenceBeyondRange = 0.2;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        Assert.InRange(outcome.Frames, 3, 10);
        AssertSafe(scope);
    }

    [Theory]
    [InlineData(8.0, 31)]
    [InlineData(-6.0, 32)]
    [InlineData(3.0, 33)]
    public void Reversed_axis_is_detected_after_one_move_and_recovered(double start, int seed)
    {
        var scope = new FakeMicroscope(start, seed);
        scope.Drive.Reversed = true;
        var direction = new AxisDirection();

        var outcome = Focus(scope, direction);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.Contains(outcome.Trace, s => s.Note?.Contains("sign_reversed", StringComparison.Ordinal) == true);
        Assert.True(outcome.Frames <= 5, $"{outcome.Frames} frames");
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        Assert.Equal(-1, direction.Sign);
        AssertSafe(scope);

        // the learned direction holds for the next run: no more wrong-way moves
        scope.FocusUm += 6;
        var again = Focus(scope, direction);
        Assert.Equal(FocusResult.InFocus, again.Result);
        Assert.True(again.Frames <= 4, $"{again.Frames} frames");
        Assert.DoesNotContain(again.Trace, s => s.Note?.Contains("sign_reversed", StringComparison.Ordinal) == true);
        var firstMove = again.Trace[1].PositionUm - again.Trace[0].PositionUm;
        Assert.True(Math.Sign(firstMove) == Math.Sign(scope.Drive.PositionUm - again.Trace[0].PositionUm), "the first move goes towards focus");
        Assert.Equal(1, direction.Reversals);
    }

    [Theory]
    [InlineData(0.4, 41)]
    [InlineData(0.6, 42)]
    public void Lost_steps_are_made_up_by_further_corrections_within_a_bound(double lost, int seed)
    {
        var scope = new FakeMicroscope(8, seed);
        scope.Drive.LostFraction = lost;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.True(outcome.Frames <= 5, $"{outcome.Frames} frames");
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        AssertSafe(scope);
    }

    [Fact]
    public void Axis_that_moves_several_times_what_it_is_told_sends_the_run_to_the_classic_search()
    {
        var scope = new FakeMicroscope(4, 45);
        scope.Drive.Scale = 3;

        var outcome = Focus(scope);

        Assert.Equal("single-shot+classic", outcome.Strategy);
        Assert.Contains(outcome.Trace, s => s.Note?.Contains("fallback_classic (Overshoot)", StringComparison.Ordinal) == true);
        Assert.Equal(FocusResult.InFocus, outcome.Result);
        // the classic search works in commanded micrometres: three times coarser here, yet within the depth of field
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= scope.Profile.DepthOfFieldUm, $"true defocus {scope.TrueDefocusUm} um");
        AssertSafe(scope);
    }

    [Fact]
    public void Axis_that_does_not_move_is_a_fault_after_two_corrections_and_a_long_probe_each_way()
    {
        var scope = new FakeMicroscope(6, 51);
        scope.Drive.LostFraction = 1;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.Fault, outcome.Result);
        Assert.Equal(FocusReasons.AxisNotResponding, outcome.Reason);
        Assert.Equal(5, outcome.Frames);
        Assert.Contains(outcome.Trace, s => s.Note?.Contains("axis_probe", StringComparison.Ordinal) == true);
        // two corrections of about −6 um (the estimate is noisy), then a coarse step (1.5 × the 10 um range) further
        // the same way, then one the other way from where the corrections ended
        Assert.Equal(4, scope.Drive.Targets.Count);
        Assert.InRange(scope.Drive.Targets[1], -12.5, -11.5);
        Assert.Equal(-15, scope.Drive.Targets[2] - scope.Drive.Targets[1], 6);
        Assert.Equal(15, scope.Drive.Targets[3] - scope.Drive.Targets[1], 6);
        AssertSafe(scope);
    }

    [Fact]
    public void A_specimen_far_out_of_focus_behind_where_the_corrections_went_is_found_by_the_probe_back()
    {
        // 25 um out with a model that answers a meaningless −3: its corrections go further out, where 3 um moves
        // change the blurred image by under 2 %, and so does the first probe; the probe back shows the axis moves
        var scope = new FakeMicroscope(25, 54);
        scope.Estimator.StuckAtUm = -3;

        var outcome = Focus(scope);

        Assert.NotEqual(FocusReasons.AxisNotResponding, outcome.Reason);
        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= scope.Profile.DepthOfFieldUm, $"true defocus {scope.TrueDefocusUm} um");
        AssertSafe(scope);
    }

    [Fact]
    public void A_specimen_far_out_of_focus_that_small_moves_do_not_change_is_not_blamed_on_the_axis()
    {
        // 40 um out, the model answers a meaningless +3 and a 3 um move changes the blurred image by under 2 %;
        // the long probe changes it clearly, so the run goes on to the coarse search instead of reporting a fault
        var scope = new FakeMicroscope(40, 53);
        scope.Estimator.StuckAtUm = 3;

        var outcome = Focus(scope);

        Assert.NotEqual(FocusReasons.AxisNotResponding, outcome.Reason);
        Assert.Contains(outcome.Trace, s => s.Note?.Contains("axis_probe", StringComparison.Ordinal) == true);
        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= scope.Profile.DepthOfFieldUm, $"true defocus {scope.TrueDefocusUm} um");
        AssertSafe(scope);
    }

    [Fact]
    public void A_model_that_cannot_read_the_specimen_hands_over_to_the_classic_search_instead_of_blaming_the_axis()
    {
        // the estimate never changes although the axis moves: the image (focus measure) shows the axis did move
        var scope = new FakeMicroscope(6, 52);
        scope.Estimator.StuckAtUm = 4;

        var outcome = Focus(scope);

        Assert.NotEqual(FocusReasons.AxisNotResponding, outcome.Reason);
        Assert.Contains(outcome.Trace, s => s.Note?.Contains("fallback_classic (ModelNotResponding)", StringComparison.Ordinal) == true);
        Assert.Equal(FocusResult.InFocus, outcome.Result);
        AssertSafe(scope);
    }

    [Theory]
    [InlineData(-3.1, 61)]
    [InlineData(4.7, 62)]
    public void A_model_that_reads_a_few_um_flat_is_followed_while_the_image_sharpens(double start, int seed)
    {
        // as the 20x model reads some specimens: about ±1.8 anywhere from 1 to 5 um out, so the first correction
        // seems to change nothing although the image grew sharper; the next one crosses focus
        var scope = new FakeMicroscope(start, seed);
        scope.Estimator.Reading = z => Math.Abs(z) is >= 1 and <= 5 ? 1.8 * Math.Sign(z) : z;
        scope.Estimator.NoiseUm = 0.05;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.Equal(SingleShotStrategy.StrategyName, outcome.Strategy);
        Assert.Contains(outcome.Trace, s => s.Note?.Contains("flat_reading", StringComparison.Ordinal) == true);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        Assert.InRange(outcome.Frames, 3, 6);
        AssertSafe(scope);
    }

    [Fact]
    public void A_reading_that_stands_still_while_the_image_blurs_goes_to_the_classic_search_at_once()
    {
        // the move went away from focus (the image blurred) and the model did not notice: it cannot read this specimen
        var scope = new FakeMicroscope(3, 63);
        scope.Estimator.StuckAtUm = -2;

        var outcome = Focus(scope);

        Assert.DoesNotContain(outcome.Trace, s => s.Note?.Contains("flat_reading", StringComparison.Ordinal) == true);
        Assert.Equal("fallback_classic (ModelNotResponding)", outcome.Trace[1].Note);
        Assert.Equal(FocusResult.InFocus, outcome.Result);
        AssertSafe(scope);
    }

    [Fact]
    public void Blank_field_ends_in_no_focus_here_within_a_bounded_number_of_frames()
    {
        var scope = new FakeMicroscope(3, 61) { Blank = _ => true };

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.NoFocusHere, outcome.Result);
        Assert.Equal(FocusReasons.BlankField, outcome.Reason);
        // one frame, then the scan: span / step rings on each side
        var rings = (int)Math.Floor(Options.SearchSpanUm / (Options.CoarseStepRangeFraction * scope.Estimator.RangeUm));
        Assert.InRange(outcome.Frames, 1, 1 + (2 * rings));
        Assert.Null(outcome.FinalEstimateUm);
        // nothing was seen anywhere: back to where the user left the axis
        Assert.Equal(0, outcome.FinalPositionUm, 3);
        Assert.True(scope.Drive.Targets.Count > 0, "the scan should have looked around");
        AssertSafe(scope);
    }

    [Fact]
    public void Focus_beyond_the_travel_limit_stops_at_the_limit_and_never_asks_past_it()
    {
        var scope = new FakeMicroscope(6, 71);
        scope.Drive.MinPositionUm = -3;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.NoFocusHere, outcome.Result);
        Assert.Equal(FocusReasons.Limit, outcome.Reason);
        Assert.Equal(-3, outcome.FinalPositionUm, 3);
        AssertSafe(scope);
    }

    [Fact]
    public void A_move_the_drive_refuses_near_a_limit_ends_in_no_focus_here_at_the_best_position()
    {
        var scope = new FakeMicroscope(6, 72);
        scope.Drive.MinPositionUm = -3;
        scope.Drive.BacklashRefusalUm = 0.5;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.NoFocusHere, outcome.Result);
        Assert.Equal(FocusReasons.Limit, outcome.Reason);
        Assert.Equal(0, outcome.FinalPositionUm, 3);
        Assert.Equal(0, outcome.Moves);
        AssertSafe(scope);
    }

    [Fact]
    public void The_limit_margin_keeps_targets_clear_of_the_limits()
    {
        var scope = new FakeMicroscope(6, 73);
        scope.Drive.MinPositionUm = -3;
        scope.Drive.BacklashRefusalUm = 0.5;

        var outcome = Focus(scope, options: new FocusOptions { LimitMarginUm = 0.5 });

        Assert.Equal(FocusReasons.Limit, outcome.Reason);
        Assert.Equal(-2.5, outcome.FinalPositionUm, 3);
        AssertSafe(scope);
    }

    [Fact]
    public void No_convergence_within_the_iteration_cap_leaves_the_axis_at_the_best_position_seen()
    {
        var scope = new FakeMicroscope(8, 81);
        scope.Drive.LostFraction = 0.7;
        var options = new FocusOptions { MaxIterations = 2 };

        var outcome = Focus(scope, options: options);

        Assert.Equal(FocusResult.NoFocusHere, outcome.Result);
        Assert.Equal(FocusReasons.NoConvergence, outcome.Reason);
        var best = outcome.Trace.Where(s => s.EstimateUm is not null).MinBy(s => Math.Abs(s.EstimateUm!.Value))!;
        Assert.Equal(best.PositionUm, outcome.FinalPositionUm, 3);
        AssertSafe(scope);
    }

    [Theory]
    [InlineData(3.0, 111)]
    [InlineData(-2.2, 112)]
    public void A_model_that_over_reads_near_focus_is_bracketed_instead_of_swinging_past_it(double start, int seed)
    {
        // reading 2.2 um per um, a plain correction lands 1.2 times as far out on the other side, every time
        var scope = new FakeMicroscope(start, seed);
        scope.Estimator.Reading = z => 2.2 * z;
        scope.Estimator.NoiseUm = 0.05;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.InRange(outcome.Frames, 2, 4);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        var second = outcome.Trace[1].PositionUm - outcome.Trace[0].PositionUm;
        Assert.True(Math.Sign(second) == -Math.Sign(start), "the first correction goes towards focus");
        AssertSafe(scope);
    }

    [Theory]
    [InlineData(3.0, 131)]
    [InlineData(-4.0, 132)]
    [InlineData(2.0, 133)]
    public void A_model_that_says_it_reads_near_focus_short_is_followed_until_its_reading_is_under_that_share_of_the_tolerance(double start, int seed)
    {
        // within a µm of focus this model reads half the defocus (as the 20x model reads about 0.6 of it), and its
        // file says so: a reading just under the tolerance means focus up to twice the tolerance away
        static FakeMicroscope HalfReading(double start, int seed, double? gain)
        {
            var scope = new FakeMicroscope(start, seed);
            scope.Estimator.Reading = z => Math.Abs(z) <= 1 ? 0.5 * z : z - (0.5 * Math.Sign(z));
            scope.Estimator.NoiseUm = 0.02;
            scope.Estimator.NearFocusGain = gain;
            return scope;
        }

        var scope = HalfReading(start, seed, 0.5);
        var unsaid = HalfReading(start, seed, null);
        var overridden = HalfReading(start, seed, 0.5);

        var outcome = Focus(scope);
        var taken = Focus(unsaid);
        var atItsWord = Focus(overridden, options: new FocusOptions { InFocusReadingFraction = 1 });

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        Assert.True(Math.Abs(outcome.FinalEstimateUm!.Value) < 0.5 * Tolerance(scope));
        Assert.InRange(outcome.Frames, 2, 5);
        AssertSafe(scope);
        // without the model's word, or with the option set to 1, the reading is taken as it is and stops short
        Assert.Equal(FocusResult.InFocus, taken.Result);
        Assert.True(Math.Abs(unsaid.TrueDefocusUm) > Tolerance(unsaid), $"without a gain the reading stops at {unsaid.TrueDefocusUm} um");
        Assert.Equal(FocusResult.InFocus, atItsWord.Result);
        Assert.True(Math.Abs(overridden.TrueDefocusUm) > Tolerance(overridden), $"taken at its word the reading stops at {overridden.TrueDefocusUm} um");
    }

    [Theory]
    [InlineData(null, 0.5, 0.5)]
    [InlineData(null, 0.05, 0.2)]
    [InlineData(null, 1.4, 1)]
    [InlineData(null, null, 1)]
    [InlineData(0.8, 0.5, 0.8)]
    public void The_in_focus_share_of_the_tolerance_comes_from_the_option_or_the_models_gain_within_bounds(double? option, double? gain, double expected)
    {
        Assert.Equal(expected, new FocusOptions { InFocusReadingFraction = option }.InFocusReadingFractionFor(gain), 12);
    }

    [Fact]
    public void Focus_read_on_both_sides_of_a_span_narrower_than_the_tolerance_is_in_focus_without_a_reading_inside_it()
    {
        // this model reads 0.6 um too far out on either side, so never less than the 0.40 um tolerance at 20x: plain
        // corrections would run into the iteration cap while standing in focus
        var scope = new FakeMicroscope(2.5, 121);
        scope.Estimator.Reading = z => z >= 0 ? z + 0.6 : z - 0.6;
        scope.Estimator.NoiseUm = 0;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.Equal(FocusReasons.Converged, outcome.Reason);
        Assert.Null(outcome.FinalEstimateUm);
        Assert.Contains("bracketed", outcome.Trace[^1].Note);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        Assert.InRange(outcome.Frames, 3, Options.MaxIterations + 1);
        AssertSafe(scope);
    }

    [Fact]
    public void Moves_longer_than_the_drive_maximum_are_split()
    {
        var scope = new FakeMicroscope(40, 91);
        scope.Drive.MaxMoveUm = 6;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.True(outcome.Moves > outcome.Frames, "long moves should take several legs");
        AssertSafe(scope);
    }

    [Fact]
    public void Lost_camera_is_a_fault_and_the_axis_stays_put()
    {
        var scope = new FakeMicroscope(8, 101);
        scope.Camera.LostAfterFrames = 1;

        var outcome = Focus(scope);

        Assert.Equal(FocusResult.Fault, outcome.Result);
        Assert.Equal(FocusReasons.CameraLost, outcome.Reason);
        Assert.Equal(1, outcome.Moves);
        Assert.Single(scope.Drive.Targets);
    }

    [Fact]
    public void Cancellation_stops_promptly_in_simulated_time()
    {
        var scope = new FakeMicroscope(40, 111);
        scope.Drive.SpeedUmPerSecond = 20;
        var cancelAfter = TimeSpan.FromMilliseconds(900);
        using var cts = new CancellationTokenSource(cancelAfter, scope.Clock);

        var outcome = scope.Clock.Run(() => new SingleShotStrategy(scope.Rig(), Options, scope.Profile).FocusAsync(cts.Token));

        Assert.Equal(FocusResult.Cancelled, outcome.Result);
        Assert.Equal(FocusReasons.Cancelled, outcome.Reason);
        Assert.Equal(cancelAfter, outcome.Elapsed);
        Assert.InRange(outcome.Frames, 1, 3);
        Assert.Equal(cancelAfter, scope.Clock.GetUtcNow() - FakeMicroscope.Epoch);
        AssertSafe(scope);
    }

    [Fact]
    public void Model_is_required()
    {
        var scope = new FakeMicroscope(1, 1);
        Assert.Throws<ArgumentException>(() => new SingleShotStrategy(scope.Rig(withModel: false), Options, scope.Profile));
    }
}
