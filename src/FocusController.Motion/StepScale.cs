using FocusController.Motion.Options;

namespace FocusController.Motion;

/// <summary>Converts between µm of focus travel and microsteps of the motor.</summary>
public sealed class StepScale
{
    public StepScale(double umPerMicrostep)
    {
        if (!(umPerMicrostep > 0) || double.IsInfinity(umPerMicrostep))
        {
            throw new ArgumentOutOfRangeException(nameof(umPerMicrostep), umPerMicrostep, "must be a positive finite number");
        }

        UmPerMicrostep = umPerMicrostep;
    }

    public double UmPerMicrostep { get; }

    public static StepScale From(FocusDriveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StepScale(options.UmPerMicrostep
            ?? options.TravelPerRevolutionUm.GetValueOrDefault() / ((double)options.FullStepsPerRevolution * options.Microstepping));
    }

    public double ToUm(long microsteps) => microsteps * UmPerMicrostep;

    /// <summary>The nearest whole microstep.</summary>
    public long ToSteps(double um) => checked((long)Math.Round(um / UmPerMicrostep, MidpointRounding.AwayFromZero));

    /// <summary>Whole microsteps not more than <paramref name="um"/> (a limit never rounds outwards).</summary>
    public long FloorSteps(double um) => checked((long)Math.Floor((um / UmPerMicrostep) + 1e-9));

    /// <summary>Whole microsteps not less than <paramref name="um"/>.</summary>
    public long CeilingSteps(double um) => checked((long)Math.Ceiling((um / UmPerMicrostep) - 1e-9));
}
