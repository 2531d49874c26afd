using FocusController.Host.Daemon;
using FocusController.Host.Systemd;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FocusController.Host.Tests;

public class SystemdWatchdogTests
{
    private sealed class RecordingNotifier : ISystemdNotifier
    {
        public List<string> Sent { get; } = [];

        public bool IsEnabled => true;

        public void Notify(ServiceState state)
        {
            lock (Sent)
            {
                Sent.Add(state.ToString());
            }
        }

        public int Count(string line)
        {
            lock (Sent)
            {
                return Sent.Count(s => s == line);
            }
        }
    }

    [Theory]
    [InlineData("30000000", 15.0)]
    [InlineData("1000000", 0.5)]
    public void Ping_interval_is_half_of_WATCHDOG_USEC(string usec, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WatchdogInterval.FromWatchdogUsec(usec).PingEvery);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void No_watchdog_without_a_positive_WATCHDOG_USEC(string? usec) =>
        Assert.Null(WatchdogInterval.FromWatchdogUsec(usec).PingEvery);

    [Fact]
    public async Task Pings_only_while_the_control_loop_beats()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var notifier = new RecordingNotifier();
        var heartbeat = new LoopHeartbeat(time);
        var state = new DaemonStateStore(time);
        using var watchdog = new SystemdWatchdog(notifier, new WatchdogInterval(TimeSpan.FromSeconds(5)), heartbeat, state, time, NullLogger<SystemdWatchdog>.Instance);
        await watchdog.StartAsync(CancellationToken.None);

        // the loop is alive for 20 s: it beats every second (real 10 ms pauses let the background timer run)
        for (int i = 0; i < 20; i++)
        {
            heartbeat.Beat();
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        int whileAlive = notifier.Count("WATCHDOG=1");

        // then it wedges: no beats for a minute
        int atWedgePlus30 = 0;
        for (int i = 0; i < 60; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
            if (i == 29)
            {
                atWedgePlus30 = notifier.Count("WATCHDOG=1");
            }
        }

        int atWedgePlus60 = notifier.Count("WATCHDOG=1");
        await watchdog.StopAsync(CancellationToken.None);

        Assert.True(whileAlive >= 2, $"{whileAlive} pings in 20 s of a live loop at a 5 s interval");
        // once the heartbeat is older than MaxHeartbeatAge (15 s) the pings stop for good
        Assert.Equal(atWedgePlus30, atWedgePlus60);
        Assert.True(watchdog.PingsWithheld >= 4, $"withheld {watchdog.PingsWithheld}");
    }

    [Fact]
    public async Task Phase_changes_are_published_as_STATUS_lines_and_no_watchdog_without_WATCHDOG_USEC()
    {
        var time = new FakeTimeProvider();
        var notifier = new RecordingNotifier();
        var state = new DaemonStateStore(time);
        using var watchdog = new SystemdWatchdog(notifier, new WatchdogInterval(null), new LoopHeartbeat(time), state, time, NullLogger<SystemdWatchdog>.Instance);
        await watchdog.StartAsync(CancellationToken.None);

        state.Update(s => s with { Phase = DaemonPhase.Fault, Reason = "camera_lost" });
        time.Advance(TimeSpan.FromMinutes(1));
        await watchdog.StopAsync(CancellationToken.None);

        Assert.Contains("STATUS=Fault: camera_lost", notifier.Sent);
        Assert.DoesNotContain(notifier.Sent, s => s.StartsWith("WATCHDOG", StringComparison.Ordinal));
    }
}
