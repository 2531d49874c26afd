using FocusController.Host.Daemon;
using FocusController.Host.Panel;

namespace FocusController.Host.Tests;

public class LedPatternTests
{
    private static double DutyCycle(DaemonPhase phase) =>
        Enumerable.Range(0, 600).Count(i => LedPattern.IsOn(phase, LedPattern.Slot * i)) / 600.0;

    private static int Flashes(DaemonPhase phase, TimeSpan window)
    {
        int rises = 0;
        bool previous = false;
        for (var t = TimeSpan.Zero; t < window; t += LedPattern.Slot)
        {
            bool on = LedPattern.IsOn(phase, t);
            rises += on && !previous ? 1 : 0;
            previous = on;
        }

        return rises;
    }

    [Fact]
    public void In_focus_is_steady_on() => Assert.Equal(1.0, DutyCycle(DaemonPhase.InFocus));

    [Fact]
    public void Focusing_blinks_fast_and_idle_slowly() =>
        Assert.True(Flashes(DaemonPhase.Focusing, TimeSpan.FromSeconds(2)) > 4 * Flashes(DaemonPhase.Idle, TimeSpan.FromSeconds(2)));

    [Fact]
    public void Each_phase_has_its_own_pattern()
    {
        var phases = new[] { DaemonPhase.Idle, DaemonPhase.Focusing, DaemonPhase.InFocus, DaemonPhase.NoFocusHere, DaemonPhase.Fault };
        var signatures = phases.Select(p => string.Concat(Enumerable.Range(0, 60).Select(i => LedPattern.IsOn(p, LedPattern.Slot * i) ? '1' : '0'))).ToList();

        Assert.Equal(phases.Length, signatures.Distinct().Count());
    }
}
