using FocusController.Motion.Options;

namespace FocusController.Motion.Tests;

public class BacklashApproachTests
{
    [Fact]
    public async Task Reversing_overshoots_below_the_target_then_approaches_from_below()
    {
        using var rig = Rig.Open(o => o.BacklashUm = 2);

        await rig.Axis.MoveToAsync(10, CancellationToken.None);
        await rig.Axis.MoveToAsync(5, CancellationToken.None);

        // up 10 µm (longer than the play, so it approaches from below by itself), down to 3 µm, up the 2 µm of play
        Assert.Equal([(1, 100), (-1, 70), (1, 20)], rig.Runs());
        Assert.Equal(5, rig.Axis.PositionUm, 9);
    }

    [Fact]
    public async Task Continuing_upwards_after_an_approach_needs_no_overshoot_however_short()
    {
        using var rig = Rig.Open(o => o.BacklashUm = 2);

        await rig.Axis.MoveToAsync(10, CancellationToken.None);
        await rig.Axis.MoveToAsync(10.5, CancellationToken.None);

        Assert.Equal([(1, 105)], rig.Runs());
    }

    [Fact]
    public async Task A_short_move_up_with_the_play_not_taken_up_goes_below_first()
    {
        using var rig = Rig.Open(o => o.BacklashUm = 2);

        // At the start nothing is known about the play.
        await rig.Axis.MoveToAsync(1, CancellationToken.None);

        Assert.Equal([(-1, 10), (1, 20)], rig.Runs());
    }

    [Fact]
    public async Task Approach_from_above_mirrors_the_overshoot()
    {
        using var rig = Rig.Open(o =>
        {
            o.BacklashUm = 2;
            o.ApproachFrom = ApproachDirection.Above;
        });

        await rig.Axis.MoveToAsync(-10, CancellationToken.None);
        await rig.Axis.MoveToAsync(-5, CancellationToken.None);

        Assert.Equal([(-1, 100), (1, 70), (-1, 20)], rig.Runs());
    }

    [Fact]
    public async Task An_overshoot_that_would_cross_the_limit_is_refused_with_nothing_moved()
    {
        using var rig = Rig.Open(o =>
        {
            o.BacklashUm = 5;
            o.MinPositionUm = -20;
        });
        await rig.Axis.MoveToAsync(-12, CancellationToken.None);
        var before = rig.Driver.Writes.Count;

        // -18 µm is inside the limits but the overshoot to -23 µm is not
        var refused = await Assert.ThrowsAsync<TravelLimitException>(() => rig.Axis.MoveToAsync(-18, CancellationToken.None));

        Assert.Contains("overshoot", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, rig.Driver.Writes.Count);
        Assert.Equal(-12, rig.Axis.PositionUm, 9);
    }
}
