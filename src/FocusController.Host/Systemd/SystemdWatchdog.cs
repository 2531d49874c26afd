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
    LoopHeartbeat heartbeat,
    DaemonStateStore state,
    TimeProvider time,
    ILogger<SystemdWatchdog> logger) : BackgroundService
{
    /// <summary>How stale the loop's heartbeat may be before pings stop; the loop beats at least every few seconds.</summary>
    public static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromSeconds(15);

    public int PingsSent { get; private set; }

    public int PingsWithheld { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        state.Changed += PublishStatus;
        try
        {
            var interval = PingInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"));
            if (interval is null || !notifier.IsEnabled)
            {
                return;
            }

            using var timer = new PeriodicTimer(interval.Value, time);
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

    /// <summary>Half of WATCHDOG_USEC, as sd_watchdog_enabled(3) recommends; null when systemd asked for no watchdog.</summary>
    public static TimeSpan? PingInterval(string? watchdogUsec) =>
        long.TryParse(watchdogUsec, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec / 2.0)
            : null;

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
