using FocusController.Motion.Options;

namespace FocusController.Simulation.Stage;

/// <summary>
/// The virtual microscope's focus mechanics: which pins the motor listens on, how far the focus plane really moves per
/// microstep (may differ from what the axis config believes, for calibration tests), the knob's play, missed steps,
/// drift, and a limit switch.
/// </summary>
public sealed class SimulatedStageOptions
{
    /// <summary>Pins the simulated controller has (a Raspberry Pi header has 28 GPIOs).</summary>
    public int PinCount { get; set; } = 28;

    /// <summary>STEP input of a step/dir driver; null when the motor is on a ULN2003.</summary>
    public int? StepPin { get; set; }

    public int? DirPin { get; set; }

    /// <summary>(n)ENABLE input; steps are ignored while it is inactive. Never opened counts as enabled, like the A4988's pull-down.</summary>
    public int? EnablePin { get; set; }

    public bool EnableActiveLow { get; set; } = true;

    /// <summary>Whether DIR high makes positive steps.</summary>
    public bool DirHighIsPositive { get; set; } = true;

    /// <summary>IN1..IN4 of a ULN2003 board; empty for a step/dir driver. One microstep is one half step.</summary>
    public int[] CoilPins { get; set; } = [];

    /// <summary>True focus travel per microstep (per half step on a ULN2003), µm.</summary>
    public double UmPerMicrostep { get; set; } = 0.1;

    /// <summary>Play between motor and focus plane: after a reversal the motor turns this far before the plane follows.</summary>
    public double BacklashUm { get; set; }

    /// <summary>Chance that one step pulse does not move the motor.</summary>
    public double MissedStepProbability { get; set; }

    /// <summary>Seed for missed steps and the wander's phase.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Steady focus drift (thermal), µm per hour.</summary>
    public double DriftUmPerHour { get; set; }

    /// <summary>Amplitude of a slow sinusoidal wander on top of the drift, µm.</summary>
    public double WanderAmplitudeUm { get; set; }

    public TimeSpan WanderPeriod { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Focus-plane position at the start, µm, in the same frame as <see cref="SimulatedStageDriver.TruePositionUm"/>.</summary>
    public double StartPositionUm { get; set; }

    /// <summary>Input pin of the limit switch; null when there is none.</summary>
    public int? LimitSwitchPin { get; set; }

    /// <summary>Mechanical position at which the switch closes, µm.</summary>
    public double LimitSwitchAtUm { get; set; } = -100;

    /// <summary>True when the switch guards the lower end (closed at or below <see cref="LimitSwitchAtUm"/>), false for the upper end.</summary>
    public bool LimitSwitchGuardsBelow { get; set; } = true;

    /// <summary>Whether the pin reads low while the switch is closed (a switch to ground with pull-up).</summary>
    public bool LimitSwitchClosedLow { get; set; } = true;

    /// <summary>A stage that listens on the pins <paramref name="motor"/> drives, with its lead, the knob's play and the stand's drift.</summary>
    public static SimulatedStageOptions ForMotor(FocusDriveOptions motor, double backlashUm, double driftUmPerHour, int seed)
    {
        ArgumentNullException.ThrowIfNull(motor);
        double umPerMicrostep = motor.UmPerMicrostep
            ?? (motor.TravelPerRevolutionUm ?? 100) / (motor.FullStepsPerRevolution * (double)motor.Microstepping);
        return new SimulatedStageOptions
        {
            StepPin = motor.StepDir.StepPin,
            DirPin = motor.StepDir.DirPin,
            EnablePin = motor.StepDir.EnablePin,
            EnableActiveLow = motor.StepDir.EnableActiveLow,
            DirHighIsPositive = !motor.DirectionInverted,
            CoilPins = motor.Driver == DriverType.Uln2003
                ? new[] { motor.Coils.In1, motor.Coils.In2, motor.Coils.In3, motor.Coils.In4 }.OfType<int>().ToArray()
                : [],
            UmPerMicrostep = umPerMicrostep,
            BacklashUm = backlashUm,
            DriftUmPerHour = driftUmPerHour,
            WanderAmplitudeUm = 0.3,
            Seed = seed,
            LimitSwitchPin = motor.LimitSwitch.Pin,
        };
    }
}
