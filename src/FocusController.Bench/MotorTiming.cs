using FocusController.Motion;
using FocusController.Motion.Options;

namespace FocusController.Bench;

/// <summary>How long the configured motor takes for a move: each leg a trapezoidal ramp at the Motor config's speed and acceleration.</summary>
public sealed class MotorTiming
{
    private readonly double _maxRateHz;
    private readonly double _accelerationSteps;

    public MotorTiming(FocusDriveOptions motor)
    {
        ArgumentNullException.ThrowIfNull(motor);
        var scale = StepScale.From(motor);
        UmPerMicrostep = scale.UmPerMicrostep;
        _maxRateHz = motor.MaxSpeedUmPerSecond / scale.UmPerMicrostep;
        _accelerationSteps = motor.AccelerationUmPerSecondSquared / scale.UmPerMicrostep;
    }

    public double UmPerMicrostep { get; }

    /// <summary>The time of one leg of <paramref name="steps"/> microsteps from rest to rest, as the pulse train plans it.</summary>
    public TimeSpan Leg(long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var ramp = new TrapezoidalRamp(steps, _maxRateHz, _accelerationSteps);
        double seconds = 0;
        while (!ramp.IsComplete)
        {
            seconds += ramp.NextIntervalSeconds();
            ramp.StepTaken();
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
