namespace FocusController.Motion.Options;

/// <summary>
/// The focus drive as the technician configures it (config section <see cref="SectionName"/>). Positions are µm
/// relative to the reference taken at first start; positive is the direction the motor's positive steps move the axis.
/// </summary>
public sealed class FocusDriveOptions
{
    public const string SectionName = "Motor";

    public DriverType Driver { get; set; } = DriverType.A4988;

    /// <summary>Pins of a step/dir driver (A4988, DRV8825, TMC2209).</summary>
    public StepDirPinOptions StepDir { get; set; } = new();

    /// <summary>Pins of a ULN2003 board (28BYJ-48).</summary>
    public CoilPinOptions Coils { get; set; } = new();

    /// <summary>Swaps which way positive steps turn the motor, for a motor mounted the other way round.</summary>
    public bool DirectionInverted { get; set; }

    /// <summary>Full steps per motor revolution: 200 for a 1.8° motor, 2048 for a geared 28BYJ-48.</summary>
    public int FullStepsPerRevolution { get; set; } = 200;

    /// <summary>Microsteps per full step (2 = half step on the ULN2003).</summary>
    public int Microstepping { get; set; } = 16;

    /// <summary>Focus travel per motor revolution, µm (the knob's scale times any coupling ratio).</summary>
    public double? TravelPerRevolutionUm { get; set; }

    /// <summary>Calibrated travel per microstep, µm; wins over the value derived from the revolution.</summary>
    public double? UmPerMicrostep { get; set; }

    public double MaxSpeedUmPerSecond { get; set; } = 100;

    public double AccelerationUmPerSecondSquared { get; set; } = 1000;

    /// <summary>Play in the knob and coupling, µm; every final approach overshoots by this much first.</summary>
    public double BacklashUm { get; set; }

    /// <summary>The side every final approach comes from.</summary>
    public ApproachDirection ApproachFrom { get; set; } = ApproachDirection.Below;

    /// <summary>Lowest allowed position, µm relative to the reference (≤ 0).</summary>
    public double MinPositionUm { get; set; } = -200;

    /// <summary>Highest allowed position, µm relative to the reference (≥ 0).</summary>
    public double MaxPositionUm { get; set; } = 200;

    /// <summary>Largest single move, µm.</summary>
    public double MaxMoveUm { get; set; } = 100;

    /// <summary>Disable the driver (coils off) between moves so the motor neither heats nor hums.</summary>
    public bool DisableWhenIdle { get; set; } = true;

    public LimitSwitchOptions LimitSwitch { get; set; } = new();

    /// <summary>Where the position survives restarts; null keeps it in memory only.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>A copy that keeps its position in <paramref name="directory"/>; this instance is left as it is.</summary>
    public FocusDriveOptions WithStateDirectory(string directory)
    {
        var copy = (FocusDriveOptions)MemberwiseClone();
        copy.StateDirectory = directory;
        return copy;
    }
}

public sealed class StepDirPinOptions
{
    public int? StepPin { get; set; }

    public int? DirPin { get; set; }

    /// <summary>The driver's (n)ENABLE input; null when it is tied on.</summary>
    public int? EnablePin { get; set; }

    /// <summary>A4988, DRV8825 and TMC2209 all enable on a low level.</summary>
    public bool EnableActiveLow { get; set; } = true;

    /// <summary>
    /// Microstep-select pins in the datasheet's order (MS1, MS2, MS3 on A4988; M0, M1, M2 on DRV8825; MS1, MS2 on
    /// TMC2209); empty when they are strapped on the board.
    /// </summary>
    public int[] MicrostepPins { get; set; } = [];
}

public sealed class CoilPinOptions
{
    public int? In1 { get; set; }

    public int? In2 { get; set; }

    public int? In3 { get; set; }

    public int? In4 { get; set; }
}

public sealed class LimitSwitchOptions
{
    /// <summary>Input pin of the limit switch; null when there is none.</summary>
    public int? Pin { get; set; }

    /// <summary>The level the pin reads while the switch is closed (Low for a switch to ground with pull-up).</summary>
    public SignalLevel ClosedLevel { get; set; } = SignalLevel.Low;

    /// <summary>The end of travel the switch guards; moves away from it stay allowed while it is closed.</summary>
    public ApproachDirection Side { get; set; } = ApproachDirection.Below;
}

public enum DriverType
{
    A4988,
    Drv8825,
    Tmc2209,
    Uln2003,
}

/// <summary>Below: the final approach moves in the positive direction; Above: in the negative direction.</summary>
public enum ApproachDirection
{
    Below,
    Above,
}

public enum SignalLevel
{
    Low,
    High,
}
