namespace FocusController.Host.Daemon;

/// <summary>
/// The control loop beats this on every pass; the watchdog pings systemd only while the last beat is recent,
/// so a wedged loop (not just a live process) gets the service restarted.
/// </summary>
public sealed class LoopHeartbeat(TimeProvider time)
{
    private long _lastBeatTicks = time.GetUtcNow().UtcTicks;

    public DateTimeOffset LastBeat => new(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);

    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, time.GetUtcNow().UtcTicks);

    public bool IsAlive(TimeSpan within) => time.GetUtcNow() - LastBeat <= within;
}
