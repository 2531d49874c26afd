using FocusController.Control.Tests.Fakes;

namespace FocusController.Control.Tests;

public sealed class ClassicStrategyTests
{
    private static readonly FocusOptions Options = new();

    private static double Tolerance(FakeMicroscope scope) => Options.Resolve(scope.Profile).ToleranceUm;

    private static FocusOutcome Classic(FakeMicroscope scope) =>
        scope.Clock.Run(() => new ClassicStrategy(scope.Rig(withModel: false), Options, scope.Profile).FocusAsync(CancellationToken.None));

    private static FocusOutcome SingleShot(FakeMicroscope scope) =>
        scope.Clock.Run(() => new SingleShotStrategy(scope.Rig(), Options, scope.Profile).FocusAsync(CancellationToken.None));

    [Theory]
    [InlineData(8.0, 1)]
    [InlineData(-8.0, 2)]
    [InlineData(3.0, 3)]
    [InlineData(-14.0, 4)]
    public void Golden_section_finds_focus_within_tolerance_with_many_more_frames_than_single_shot(double start, int seed)
    {
        var classicScope = new FakeMicroscope(start, seed);
        var classic = Classic(classicScope);

        Assert.Equal(FocusResult.InFocus, classic.Result);
        Assert.Equal(ClassicStrategy.StrategyName, classic.Strategy);
        Assert.True(Math.Abs(classicScope.TrueDefocusUm) <= Tolerance(classicScope), $"true defocus {classicScope.TrueDefocusUm} um");
        Assert.Null(classic.FinalEstimateUm);
        Assert.Equal(0, classicScope.Estimator.Calls);
        Assert.Empty(classicScope.Drive.Violations);
        Assert.Equal(0, classicScope.Camera.StaleFrames);

        var singleScope = new FakeMicroscope(start, seed);
        var single = SingleShot(singleScope);
        Assert.Equal(FocusResult.InFocus, single.Result);
        Assert.True(
            classic.Frames >= 3 * single.Frames,
            $"classic took {classic.Frames} frames, single-shot {single.Frames}");
    }

    [Fact]
    public void Blank_field_has_no_peak_and_stays_inside_the_limits()
    {
        var scope = new FakeMicroscope(2, 5) { Blank = _ => true };

        var outcome = Classic(scope);

        Assert.Equal(FocusResult.NoFocusHere, outcome.Result);
        Assert.Contains(outcome.Reason, new[] { FocusReasons.NoPeak, FocusReasons.NoConvergence });
        Assert.True(outcome.Frames <= Options.MaxClassicFrames);
        Assert.Empty(scope.Drive.Violations);
    }

    [Fact]
    public void Focus_beyond_the_upper_limit_ends_at_the_limit()
    {
        var scope = new FakeMicroscope(-9, 6);
        scope.Drive.MaxPositionUm = 5;

        var outcome = Classic(scope);

        Assert.Equal(FocusResult.NoFocusHere, outcome.Result);
        Assert.Equal(FocusReasons.Limit, outcome.Reason);
        Assert.Equal(5, outcome.FinalPositionUm, 3);
        Assert.Empty(scope.Drive.Violations);
        Assert.All(scope.Drive.Targets, t => Assert.InRange(t, scope.Drive.MinPositionUm, 5));
    }

    [Fact]
    public void Single_shot_falls_back_to_classic_when_the_model_never_comes_into_range()
    {
        // the model is unsure everywhere (wrong objective, odd specimen): only the classic measure can focus
        var scope = new FakeMicroscope(6, 8);
        scope.Estimator.Confidence = 0.1;
        scope.Estimator.ConfidenceBeyondRange = 0.1;

        var outcome = SingleShot(scope);

        Assert.Equal(FocusResult.InFocus, outcome.Result);
        Assert.Equal("single-shot+classic", outcome.Strategy);
        Assert.True(Math.Abs(scope.TrueDefocusUm) <= Tolerance(scope), $"true defocus {scope.TrueDefocusUm} um");
        Assert.Empty(scope.Drive.Violations);
    }
}
