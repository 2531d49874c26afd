namespace FocusController.Motion.Tests;

public class TrapezoidalRampTests
{
    private static List<double> Intervals(TrapezoidalRamp ramp)
    {
        var intervals = new List<double>();
        while (!ramp.IsComplete)
        {
            intervals.Add(ramp.NextIntervalSeconds());
            ramp.StepTaken();
        }

        return intervals;
    }

    [Fact]
    public void Intervals_shrink_to_the_cruise_interval_then_grow_symmetrically()
    {
        var intervals = Intervals(new TrapezoidalRamp(500, maxRateHz: 10_000, acceleration: 1e6));

        var cruise = 1.0 / 10_000;
        var fastest = intervals.IndexOf(intervals.Min());
        Assert.All(intervals, i => Assert.True(i >= cruise - 1e-12, $"{i} s is shorter than the cruise interval"));
        for (var k = 1; k <= fastest; k++)
        {
            Assert.True(intervals[k] <= intervals[k - 1], $"interval {k} grew while accelerating");
        }

        for (var k = fastest + 1; k < intervals.Count; k++)
        {
            Assert.True(intervals[k] >= intervals[k - 1], $"interval {k} shrank while decelerating");
        }

        Assert.Equal(intervals, Enumerable.Reverse(intervals));
        Assert.Equal(cruise, intervals[250], 12);
        Assert.True(intervals[0] > 5 * cruise, "the first step must be slow");
    }

    [Fact]
    public void A_short_move_never_reaches_full_speed()
    {
        var ramp = new TrapezoidalRamp(20, maxRateHz: 10_000, acceleration: 1e6);
        var intervals = Intervals(ramp);

        Assert.Equal(50, ramp.RampSteps);
        Assert.True(intervals.Min() > 1.0 / 10_000, "a 20-step move with 50 steps of ramp cannot cruise");
    }

    [Fact]
    public void Speed_rises_as_the_acceleration_allows()
    {
        var intervals = Intervals(new TrapezoidalRamp(200, maxRateHz: 10_000, acceleration: 1e6));

        // v = √(2·a·n): the n-th step from rest.
        Assert.Equal(1 / Math.Sqrt(2e6 * 1), intervals[0], 12);
        Assert.Equal(1 / Math.Sqrt(2e6 * 10), intervals[9], 12);
    }

    [Fact]
    public void Stop_decelerates_within_the_ramp_and_never_speeds_up()
    {
        var ramp = new TrapezoidalRamp(10_000, maxRateHz: 10_000, acceleration: 1e6);
        var before = new List<double>();
        for (var k = 0; k < 300; k++)
        {
            before.Add(ramp.NextIntervalSeconds());
            ramp.StepTaken();
        }

        ramp.Stop();
        var after = Intervals(ramp);

        Assert.InRange(after.Count, 1, (int)ramp.RampSteps);
        Assert.Equal(300 + after.Count, ramp.TotalSteps);
        Assert.True(after[0] >= before[^1] - 1e-12);
        for (var k = 1; k < after.Count; k++)
        {
            Assert.True(after[k] >= after[k - 1], "deceleration must not speed up");
        }
    }

    [Fact]
    public void Stop_early_in_the_ramp_takes_only_as_many_steps_as_were_taken_to_accelerate()
    {
        var ramp = new TrapezoidalRamp(10_000, maxRateHz: 10_000, acceleration: 1e6);
        for (var k = 0; k < 10; k++)
        {
            ramp.NextIntervalSeconds();
            ramp.StepTaken();
        }

        ramp.Stop();

        Assert.Equal(21, ramp.TotalSteps);
    }
}
