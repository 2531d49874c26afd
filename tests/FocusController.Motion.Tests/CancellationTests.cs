using System.Device.Gpio;

namespace FocusController.Motion.Tests;

public class CancellationTests
{
    [Fact]
    public async Task Cancelling_decelerates_to_a_stop_within_the_ramp_distance()
    {
        using var rig = Rig.Open();
        using var cancel = new CancellationTokenSource();
        var rising = 0;
        var risingAtCancel = 0;
        rig.Driver.OnWrite = e =>
        {
            if (e.Pin == Rig.StepPin && e.Value == PinValue.High && ++rising == 400)
            {
                risingAtCancel = rising;
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Axis.MoveToAsync(90, cancel.Token));

        var edges = rig.Driver.RisingEdges(Rig.StepPin);
        var afterCancel = edges.Count - risingAtCancel;
        Assert.InRange(afterCancel, 1, 50); // 50 steps take the axis from 10 kHz to rest at 10⁶ steps/s²
        Assert.True(edges.Count < 900, "the move must have stopped early");
        Assert.Equal(edges.Count * Rig.UmPerStep, rig.Axis.PositionUm, 9);

        // it slowed down rather than stopping dead
        var intervals = edges.Zip(edges.Skip(1), (a, b) => b.Timestamp - a.Timestamp).ToList();
        Assert.True(intervals[^1] > 3 * intervals.Min(), "the last step must be slow");
        Assert.Equal(PinValue.High, rig.Driver.Writes.Last(w => w.Pin == Rig.EnablePin).Value);
    }

    [Fact]
    public async Task Cancelling_before_the_move_moves_nothing()
    {
        using var rig = Rig.Open();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Axis.MoveToAsync(10, new CancellationToken(canceled: true)));

        Assert.Empty(rig.Driver.RisingEdges(Rig.StepPin));
    }

    [Fact]
    public async Task Cancelling_during_the_overshoot_skips_the_approach_and_the_position_stays_true()
    {
        using var rig = Rig.Open(o => o.BacklashUm = 2);
        await rig.Axis.MoveToAsync(20, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var rising = 0;
        rig.Driver.OnWrite = e =>
        {
            if (e.Pin == Rig.StepPin && e.Value == PinValue.High && ++rising == 60)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Axis.MoveToAsync(5, cancel.Token));

        var runs = rig.Runs();
        Assert.Equal(2, runs.Count);
        Assert.Equal(-1, runs[1].Sign);
        Assert.Equal(20 - (runs[1].Pulses * Rig.UmPerStep), rig.Axis.PositionUm, 9);
        Assert.True(rig.Axis.PositionKnown);
    }
}
