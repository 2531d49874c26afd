namespace FocusController.Motion;

/// <summary>
/// The step-by-step speed plan of one move: accelerate at a constant rate up to the maximum step rate, cruise, and
/// decelerate symmetrically so the last step is as slow as the first. The speed of a step is set by its "level", the
/// number of steps to the nearer end of the move (capped at the steps needed to reach full speed), as v = √(2·a·level).
/// </summary>
public sealed class TrapezoidalRamp
{
    private readonly double _maxRate;
    private readonly double _acceleration;

    /// <param name="totalSteps">Microsteps in the move.</param>
    /// <param name="maxRateHz">Cruise speed, microsteps per second.</param>
    /// <param name="acceleration">Microsteps per second squared.</param>
    public TrapezoidalRamp(long totalSteps, double maxRateHz, double acceleration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalSteps);
        if (!(maxRateHz > 0) || double.IsInfinity(maxRateHz))
        {
            throw new ArgumentOutOfRangeException(nameof(maxRateHz), maxRateHz, "must be a positive finite rate");
        }

        if (!(acceleration > 0) || double.IsInfinity(acceleration))
        {
            throw new ArgumentOutOfRangeException(nameof(acceleration), acceleration, "must be a positive finite acceleration");
        }

        TotalSteps = totalSteps;
        _maxRate = maxRateHz;
        _acceleration = acceleration;
        RampSteps = Math.Max(1, (long)Math.Ceiling(maxRateHz * maxRateHz / (2 * acceleration)));
    }

    /// <summary>Steps needed to reach full speed from rest, and so the longest a stop can take.</summary>
    public long RampSteps { get; }

    /// <summary>Steps in the move; shrinks when <see cref="Stop"/> cuts it short.</summary>
    public long TotalSteps { get; private set; }

    public long StepsDone { get; private set; }

    public bool IsComplete => StepsDone >= TotalSteps;

    public bool IsStopping { get; private set; }

    /// <summary>The planned time, in seconds, from the previous step (or the start) to the next one.</summary>
    public double NextIntervalSeconds()
    {
        if (IsComplete)
        {
            throw new InvalidOperationException("the move is complete");
        }

        return 1.0 / RateAtLevel(NextLevel());
    }

    /// <summary>Records that the next step was issued.</summary>
    public void StepTaken()
    {
        if (IsComplete)
        {
            throw new InvalidOperationException("the move is complete");
        }

        StepsDone++;
    }

    /// <summary>Cuts the move short: from the current speed, decelerate to a stop in as few steps as the ramp allows.</summary>
    public void Stop()
    {
        if (IsComplete || IsStopping)
        {
            return;
        }

        IsStopping = true;
        var level = Math.Min(StepsDone + 1, RampSteps);
        TotalSteps = StepsDone + Math.Min(TotalSteps - StepsDone, level);
    }

    private long NextLevel() => Math.Min(Math.Min(StepsDone + 1, TotalSteps - StepsDone), RampSteps);

    private double RateAtLevel(long level) => Math.Min(_maxRate, Math.Sqrt(2 * _acceleration * level));
}
