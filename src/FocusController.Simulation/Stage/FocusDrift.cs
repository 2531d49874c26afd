namespace FocusController.Simulation.Stage;

/// <summary>
/// Slow movement of the focus plane on its own (thermal expansion, settling): a steady rate plus a sinusoidal wander,
/// zero at the start.
/// </summary>
public sealed class FocusDrift(double umPerHour, double wanderAmplitudeUm, TimeSpan wanderPeriod, double wanderPhase)
{
    public double OffsetUm(TimeSpan sinceStart)
    {
        var drift = umPerHour * sinceStart.TotalHours;
        if (wanderAmplitudeUm == 0 || wanderPeriod <= TimeSpan.Zero)
        {
            return drift;
        }

        var angle = 2 * Math.PI * sinceStart.TotalSeconds / wanderPeriod.TotalSeconds;
        return drift + (wanderAmplitudeUm * (Math.Sin(angle + wanderPhase) - Math.Sin(wanderPhase)));
    }
}
