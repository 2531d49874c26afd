namespace FocusController.Motion.Drivers;

/// <summary>One motor driver as the axis uses it: power, direction, one microstep at a time.</summary>
internal interface IStepperDriver : IDisposable
{
    bool IsEnergized { get; }

    /// <summary>Powers the coils (driver enabled) before a move.</summary>
    void Energize();

    /// <summary>Coils off (driver disabled) when idle, so the motor neither heats nor hums.</summary>
    void Deenergize();

    /// <param name="sign">+1 for positive steps, -1 for negative.</param>
    void SetDirection(int sign);

    /// <summary>One microstep in the current direction; returns the <see cref="System.Diagnostics.Stopwatch"/> timestamp just after the edge that moves the motor.</summary>
    long Step();
}
