using System.Device.Gpio;

namespace FocusController.Motion.Tests;

public class TravelLimitTests
{
    [Theory]
    [InlineData(100.5)]
    [InlineData(-140)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task A_target_beyond_the_limits_is_refused_and_nothing_moves(double target)
    {
        using var rig = Rig.Open();
        var writesAtOpen = rig.Driver.Writes.Count;

        await Assert.ThrowsAsync<TravelLimitException>(() => rig.Axis.MoveToAsync(target, CancellationToken.None));

        Assert.Empty(rig.Driver.RisingEdges(Rig.StepPin));
        Assert.DoesNotContain(rig.Driver.Writes, w => w.Pin == Rig.EnablePin && w.Value == PinValue.Low);
        Assert.Equal(writesAtOpen, rig.Driver.Writes.Count);
        Assert.Equal(0, rig.Axis.PositionUm);
    }

    [Fact]
    public async Task A_move_longer_than_the_maximum_single_move_is_refused()
    {
        using var rig = Rig.Open(o => o.MaxMoveUm = 20);
        await rig.Axis.MoveToAsync(15, CancellationToken.None);
        var edges = rig.Driver.RisingEdges(Rig.StepPin).Count;

        var refused = await Assert.ThrowsAsync<TravelLimitException>(() => rig.Axis.MoveToAsync(-6, CancellationToken.None));

        Assert.Contains("maximum single move", refused.Message, StringComparison.Ordinal);
        Assert.Equal(edges, rig.Driver.RisingEdges(Rig.StepPin).Count);
        await rig.Axis.MoveToAsync(-5, CancellationToken.None);
        Assert.Equal(-5, rig.Axis.PositionUm, 9);
    }

    [Fact]
    public async Task The_limits_themselves_are_reachable()
    {
        using var rig = Rig.Open(o => o.MaxMoveUm = 200);

        await rig.Axis.MoveToAsync(100, CancellationToken.None);
        await rig.Axis.MoveToAsync(-100, CancellationToken.None);

        Assert.Equal(-100, rig.Axis.PositionUm, 9);
        Assert.Equal(-100, rig.Axis.MinPositionUm, 9);
        Assert.Equal(100, rig.Axis.MaxPositionUm, 9);
    }
}
