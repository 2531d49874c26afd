namespace FocusController.Host.Daemon;

/// <summary>What the box is doing, as the LED, `focusctl status` and the systemd STATUS= line show it.</summary>
public enum DaemonPhase
{
    Starting,
    Idle,
    Focusing,
    InFocus,
    Tracking,
    NoFocusHere,
    Fault,
}

/// <summary>An immutable snapshot of the daemon's state, serialised as `focusctl status --json`.</summary>
public sealed record DaemonStatus
{
    public required DaemonPhase Phase { get; init; }

    /// <summary>Why the box is in this phase, e.g. "camera_lost", "model_missing: using classic search".</summary>
    public string? Reason { get; init; }

    public string Objective { get; init; } = string.Empty;

    /// <summary>"ldse-net int8", "ldse-net fp32" or "classic" when no model could be loaded.</summary>
    public string Strategy { get; init; } = string.Empty;

    public string Camera { get; init; } = "stopped";

    public double? PositionUm { get; init; }

    public double? LastEstimateUm { get; init; }

    /// <summary>While tracking reads the specimen's reference stack: the last reading, axis µm from the held focus; else null.</summary>
    public double? TrackingReferenceUm { get; init; }

    public LastFocus? LastFocus { get; init; }

    public int FocusRuns { get; init; }

    public int TrackingCorrections { get; init; }

    public bool Simulated { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The last focus run's outcome in the figures a technician reads.</summary>
public sealed record LastFocus(string Result, string? Reason, int Frames, int Moves, double ElapsedMs, double? FinalEstimateUm, DateTimeOffset At);

/// <summary>
/// The one place the daemon's state lives. Writers replace the snapshot atomically; readers (socket, LED,
/// systemd status) get a consistent copy without locks.
/// </summary>
public sealed class DaemonStateStore
{
    private readonly TimeProvider _time;
    private DaemonStatus _current;

    public DaemonStateStore(TimeProvider time)
    {
        _time = time;
        var now = time.GetUtcNow();
        _current = new DaemonStatus { Phase = DaemonPhase.Starting, StartedAt = now, UpdatedAt = now };
    }

    public event Action<DaemonStatus>? Changed;

    public DaemonStatus Current => Volatile.Read(ref _current);

    public DaemonStatus Update(Func<DaemonStatus, DaemonStatus> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        DaemonStatus before, after;
        do
        {
            before = Volatile.Read(ref _current);
            after = Finite(change(before)) with { UpdatedAt = _time.GetUtcNow() };
        }
        while (Interlocked.CompareExchange(ref _current, after, before) != before);

        Changed?.Invoke(after);
        return after;
    }

    // an axis that lost its position after a crash reports NaN, which JSON cannot carry: status says null (unknown)
    private static DaemonStatus Finite(DaemonStatus status) => status with
    {
        PositionUm = status.PositionUm is { } p && double.IsFinite(p) ? p : null,
        LastEstimateUm = status.LastEstimateUm is { } e && double.IsFinite(e) ? e : null,
        LastFocus = status.LastFocus is { FinalEstimateUm: { } f } last && !double.IsFinite(f) ? last with { FinalEstimateUm = null } : status.LastFocus,
    };
}
