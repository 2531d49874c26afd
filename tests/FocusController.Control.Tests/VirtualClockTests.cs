using FocusController.Control.Timing;

namespace FocusController.Control.Tests;

public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Delays_take_simulated_time_not_real_time()
    {
        var clock = new VirtualClock(Start);
        var real = System.Diagnostics.Stopwatch.StartNew();

        var elapsed = clock.Run(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await Task.Delay(TimeSpan.FromMinutes(1), clock).ConfigureAwait(false);
            }

            return clock.GetUtcNow() - Start;
        });

        Assert.Equal(TimeSpan.FromMinutes(1000), elapsed);
        Assert.True(real.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Timers_fire_in_due_order_and_a_timeout_cancels_at_its_time()
    {
        var clock = new VirtualClock(Start);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(25), clock);
        var fired = new List<TimeSpan>();

        clock.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), clock, cts.Token).ConfigureAwait(false);
                    fired.Add(clock.GetUtcNow() - Start);
                }
            }
            catch (OperationCanceledException)
            {
                fired.Add(clock.GetUtcNow() - Start);
            }
        });

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(25)], fired);
    }

    [Fact]
    public void Advance_fires_what_falls_due_and_periodic_timers_repeat()
    {
        var clock = new VirtualClock(Start);
        var ticks = 0;
        using var timer = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, ticks);
        Assert.Equal(Start + TimeSpan.FromSeconds(3.5), clock.GetUtcNow());

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, ticks);
    }

    [Fact]
    public void Work_waiting_on_nothing_is_reported_stuck()
    {
        var clock = new VirtualClock(Start) { IdleTimeout = TimeSpan.FromMilliseconds(50) };
        var never = new TaskCompletionSource<int>();

        var ex = Assert.Throws<InvalidOperationException>(() => clock.Run(() => never.Task));
        Assert.Contains("stuck", ex.Message, StringComparison.Ordinal);
    }
}
