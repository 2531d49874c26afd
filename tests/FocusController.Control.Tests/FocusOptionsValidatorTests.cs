namespace FocusController.Control.Tests;

public sealed class FocusOptionsValidatorTests
{
    private static readonly FocusOptionsValidator Validator = new();

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(Validator.Validate(null, new FocusOptions()).Succeeded);
    }

    [Fact]
    public void Each_failure_names_key_value_and_allowed_range()
    {
        var result = Validator.Validate(null, new FocusOptions { SettleMs = -5, ConfidenceThreshold = 1.5, MaxIterations = 0 });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Equal(3, failures.Length);
        Assert.Contains("Focus:SettleMs is -5; allowed: 0 to 10000", failures);
        Assert.Contains("Focus:ConfidenceThreshold is 1.5; allowed: 0 to 1", failures);
        Assert.Contains("Focus:MaxIterations is 0; allowed: 1 to 50", failures);
    }

    [Fact]
    public void Coarse_step_that_could_jump_over_the_model_range_is_refused()
    {
        var result = Validator.Validate(null, new FocusOptions { CoarseStepRangeFraction = 2.5 });

        Assert.Equal("Focus:CoarseStepRangeFraction is 2.5; allowed: 0.25 to 1.8", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public void A_tracking_median_window_outside_1_to_15_is_refused(int medianOf)
    {
        var result = Validator.Validate(null, new FocusOptions { TrackingMedianOf = medianOf });

        Assert.Equal($"Focus:TrackingMedianOf is {medianOf}; allowed: 1 to 15", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Not_a_number_is_refused()
    {
        var result = Validator.Validate(null, new FocusOptions { ToleranceUm = double.NaN });

        Assert.Equal("Focus:ToleranceUm is NaN; allowed: 0.01 to 20", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Dead_band_inside_the_tolerance_is_refused()
    {
        var result = Validator.Validate(null, new FocusOptions { ToleranceUm = 0.5, DeadBandUm = 0.3 });

        Assert.Equal("Focus:DeadBandUm is 0.3; allowed: at least Focus:ToleranceUm (0.5)", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Tolerance_defaults_to_a_third_of_the_depth_of_field()
    {
        var profile = FocusController.Imaging.ObjectiveProfiles.Plan20x075;

        var settings = new FocusOptions().Resolve(profile);

        Assert.Equal(profile.DepthOfFieldUm / 3, settings.ToleranceUm, 9);
        Assert.Equal(profile.DepthOfFieldUm / 2, settings.DeadBandUm, 9);
        Assert.Equal(0.7, new FocusOptions { ToleranceUm = 0.7 }.Resolve(profile).ToleranceUm);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_tracking_correction_gain_outside_0_1_to_1_is_refused(double gain)
    {
        var result = Validator.Validate(null, new FocusOptions { TrackingCorrectionGain = gain });

        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Focus:TrackingCorrectionGain is {gain}; allowed: 0.1 to 1"), Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.6)]
    [InlineData(double.NaN)]
    public void A_tracking_probe_fraction_outside_0_to_0_5_is_refused(double fraction)
    {
        var result = Validator.Validate(null, new FocusOptions { TrackingProbeFraction = fraction });

        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Focus:TrackingProbeFraction is {fraction}; allowed: 0 to 0.5"), Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.2)]
    [InlineData(double.NaN)]
    public void An_in_focus_reading_fraction_outside_0_2_to_1_is_refused(double fraction)
    {
        var result = Validator.Validate(null, new FocusOptions { InFocusReadingFraction = fraction });

        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Focus:InFocusReadingFraction is {fraction}; allowed: 0.2 to 1"), Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(5, true)]
    [InlineData(41, true)]
    [InlineData(3, false)]
    [InlineData(42, false)]
    [InlineData(-1, false)]
    public void Tracking_reference_frames_are_0_for_off_or_5_to_41(int frames, bool valid)
    {
        var result = Validator.Validate(null, new FocusOptions { TrackingReferenceFrames = frames });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal($"Focus:TrackingReferenceFrames is {frames}; allowed: 0 (off) or 5 to 41", Assert.Single(result.Failures!));
        }
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_reference_similarity_bar_outside_0_1_to_0_99_is_refused(double bar)
    {
        var result = Validator.Validate(null, new FocusOptions { TrackingReferenceMinSimilarity = bar });

        Assert.Equal(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Focus:TrackingReferenceMinSimilarity is {bar}; allowed: 0.1 to 0.99"),
            Assert.Single(result.Failures!));
    }
}
