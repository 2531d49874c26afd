using FocusController.Host.Daemon;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace FocusController.Host.Systemd;

/// <summary>
/// Sends WATCHDOG=1 at half of systemd's WatchdogSec, but only while the control loop's heartbeat is fresh.
/// UseSystemd() sends READY and STOPPING only; the watchdog is ours so that it means "the loop is alive".
/// Also mirrors the daemon phase into the STATUS= line that `systemctl status` shows.
/// </summary>
public sealed partial class SystemdWatchdog(
    ISystemdNotifier notifier,
    WatchdogInterval interval,
    LoopHeartbeat heartbeat,
    DaemonStateStore state,
    TimeProvider time,
    ILogger<SystemdWatchdog> logger) : BackgroundService
{
    /// <summary>How stale the loop's heartbeat may be before pings stop; the loop beats at least every few seconds.</summary>
    public static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromSeconds(15);

    public int PingsSent { get; private set; }

    public int PingsWithheld { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // subscribe before start-up continues: ExecuteAsync runs later on the thread pool and would miss early phases
        state.Changed += PublishStatus;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (interval.PingEvery is not { } period || !notifier.IsEnabled)
            {
                // no watchdog asked for: keep publishing STATUS= lines until the host stops
                await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken).ConfigureAwait(false);
                return;
            }

            using var timer = new PeriodicTimer(period, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (heartbeat.IsAlive(MaxHeartbeatAge))
                {
                    notifier.Notify(new ServiceState("WATCHDOG=1"));
                    PingsSent++;
                }
                else
                {
                    PingsWithheld++;
                    LogLoopWedged(logger, heartbeat.LastBeat);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            state.Changed -= PublishStatus;
        }
    }

    private void PublishStatus(DaemonStatus status)
    {
        if (notifier.IsEnabled)
        {
            string line = status.Reason is null ? $"{status.Phase}" : $"{status.Phase}: {status.Reason}";
            notifier.Notify(new ServiceState("STATUS=" + line.Replace('\n', ' ')));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Control loop silent since {LastBeat:o}: withholding the systemd watchdog ping so the service is restarted")]
    private static partial void LogLoopWedged(ILogger logger, DateTimeOffset lastBeat);
}

/// <summary>How often to ping systemd's watchdog: half of WATCHDOG_USEC, as sd_watchdog_enabled(3) recommends.</summary>
public sealed record WatchdogInterval(TimeSpan? PingEvery)
{
    /// <summary>From the value systemd puts in WATCHDOG_USEC; no pings when it is absent or not a positive number.</summary>
    public static WatchdogInterval FromWatchdogUsec(string? watchdogUsec) =>
        new(long.TryParse(watchdogUsec, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec / 2.0)
            : null);
}
