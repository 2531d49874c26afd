using System.Diagnostics;

namespace FocusController.Motion.Tests;

/// <summary>What the step pin really saw: timing asserted as lower bounds and shape, never as wall time.</summary>
public class PulseTimingTests
{
    [Fact]
    public async Task Step_edges_never_come_closer_than_planned_and_follow_the_ramp()
    {
        using var rig = Rig.Open();

        await rig.Axis.MoveToAsync(30, CancellationToken.None);

        var edges = rig.Driver.RisingEdges(Rig.StepPin);
        Assert.Equal(300, edges.Count);
        var planned = new TrapezoidalRamp(300, maxRateHz: 10_000, acceleration: 1e6);
        var plannedTicks = new List<long>();
        while (!planned.IsComplete)
        {
            plannedTicks.Add((long)(planned.NextIntervalSeconds() * Stopwatch.Frequency));
            planned.StepTaken();
        }

        var measured = edges.Zip(edges.Skip(1), (a, b) => b.Timestamp - a.Timestamp).ToList();
        for (var k = 0; k < measured.Count; k++)
        {
            // interval k separates edge k and k+1, planned as the interval before step k+1
            Assert.True(measured[k] >= plannedTicks[k + 1], $"edges {k} and {k + 1} are {measured[k]} ticks apart, planned at least {plannedTicks[k + 1]}");
        }

        // A loaded machine only makes intervals longer, so the ramp ends stay clearly slower than the fastest step.
        var fastest = measured.Min();
        Assert.True(measured[0] > 3 * fastest, "the move must start slowly");
        Assert.True(measured[^1] > 3 * fastest, "the move must end slowly");
    }

    [Fact]
    public async Task A_late_pulse_delays_the_rest_instead_of_bunching()
    {
        using var rig = Rig.Open();
        var stalled = false;
        var rising = 0;
        rig.Driver.OnWrite = e =>
        {
            // Stall the pulse thread for 20 ms at the 100th edge, as a preemption would.
            if (e.Pin == Rig.StepPin && e.Value == System.Device.Gpio.PinValue.High && ++rising == 100)
            {
                stalled = true;
                Thread.Sleep(20);
            }
        };

        await rig.Axis.MoveToAsync(30, CancellationToken.None);

        var edges = rig.Driver.RisingEdges(Rig.StepPin);
        var cruiseTicks = Stopwatch.Frequency / 10_000;
        var measured = edges.Zip(edges.Skip(1), (a, b) => b.Timestamp - a.Timestamp).ToList();
        Assert.True(stalled);
        Assert.True(measured[99] >= Stopwatch.Frequency / 50, "the stall must show in the interval after step 100");
        Assert.All(measured.Skip(100).Take(100), t => Assert.True(t >= cruiseTicks, "steps after a stall must not be bunched to catch up"));
    }
}
