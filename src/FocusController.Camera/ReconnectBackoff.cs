namespace FocusController.Camera;

/// <summary>Delays between attempts to reopen a lost camera: <see cref="Initial"/>, doubling, capped at <see cref="Maximum"/>.</summary>
public sealed class ReconnectBackoff
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromSeconds(0.5);
    public static readonly TimeSpan DefaultMaximum = TimeSpan.FromSeconds(30);

    private TimeSpan _next;

    public ReconnectBackoff()
        : this(DefaultInitial, DefaultMaximum)
    {
    }

    public ReconnectBackoff(TimeSpan initial, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        Initial = initial;
        Maximum = maximum;
        _next = initial;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Maximum { get; }

    /// <summary>The delay before the next attempt; each call doubles the one after, up to the cap.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(Maximum.Ticks, delay.Ticks * 2));
        return delay;
    }

    /// <summary>After a successful open, the next loss starts again from the initial delay.</summary>
    public void Reset() => _next = Initial;
}
