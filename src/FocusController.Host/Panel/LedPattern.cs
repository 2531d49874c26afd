using FocusController.Host.Daemon;

namespace FocusController.Host.Panel;

/// <summary>
/// What the one status LED shows, readable across a lab bench: slow blink idle, fast blink focusing,
/// steady in focus (and while tracking), double flash no focus here, and triple flash fault.
/// </summary>
public static class LedPattern
{
    /// <summary>The pattern repeats every period; each entry is the LED level for one 100 ms slot.</summary>
    public static ReadOnlySpan<bool> For(DaemonPhase phase) => phase switch
    {
        DaemonPhase.InFocus or DaemonPhase.Tracking => Steady,
        DaemonPhase.Focusing or DaemonPhase.Starting => Fast,
        DaemonPhase.NoFocusHere => DoubleFlash,
        DaemonPhase.Fault => TripleFlash,
        _ => Slow,
    };

    public static readonly TimeSpan Slot = TimeSpan.FromMilliseconds(100);

    public static bool IsOn(DaemonPhase phase, TimeSpan sinceStart)
    {
        var pattern = For(phase);
        long slot = (long)(sinceStart / Slot);
        return pattern[(int)(slot % pattern.Length)];
    }

    private static ReadOnlySpan<bool> Steady => [true];

    private static ReadOnlySpan<bool> Fast => [true, false];

    private static ReadOnlySpan<bool> Slow => [true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false];

    private static ReadOnlySpan<bool> DoubleFlash => [true, false, true, false, false, false, false, false, false, false, false, false, false, false, false];

    private static ReadOnlySpan<bool> TripleFlash => [true, false, true, false, true, false, false, false, false, false];
}
