using System.Device.Gpio;
using FocusController.Motion.Options;
using Microsoft.Extensions.Options;

namespace FocusController.Motion.Tests;

public class FocusDriveOptionsValidatorTests
{
    public static TheoryData<string, string[]> BadOptions => new()
    {
        { "duplicate pin", ["Motor:StepDir:DirPin = 20", "already used by Motor:StepDir:StepPin"] },
        { "negative pin", ["Motor:StepDir:EnablePin = -1", "0 or more"] },
        { "pin beyond the controller", ["Motor:StepDir:StepPin = 40", "28 pins (0..27)"] },
        { "missing step pin", ["Motor:StepDir:StepPin = (missing)"] },
        { "switch on a motor pin", ["Motor:LimitSwitch:Pin = 21", "already used by Motor:StepDir:DirPin"] },
        { "zero µm per microstep", ["Motor:UmPerMicrostep = 0", "positive"] },
        { "negative travel per revolution", ["Motor:TravelPerRevolutionUm = -100", "positive"] },
        { "zero steps per revolution", ["Motor:FullStepsPerRevolution = 0", "positive"] },
        { "unsupported microstepping", ["Motor:Microstepping = 32", "A4988 supports 1, 2, 4, 8, 16"] },
        { "limits exclude the start", ["Motor:MinPositionUm = 10", "exclude the start position"] },
        { "upper limit below the start", ["Motor:MaxPositionUm = -1", "exclude the start position"] },
        { "faster than the pulse thread", ["Motor:MaxSpeedUmPerSecond = 5000", "50000 microsteps/s", "at most 20000 steps/s", "allowed up to 2000 µm/s"] },
        { "faster than a 28BYJ-48", ["Motor:MaxSpeedUmPerSecond = 1500", "Uln2003 steps at most 1000 Hz", "allowed up to 1000 µm/s"] },
        { "wrong number of microstep pins", ["Motor:StepDir:MicrostepPins = [5, 6]", "3 microstep-select pins"] },
        { "ULN2003 without coil pins", ["Motor:Coils:In3 = (missing)"] },
        { "negative backlash", ["Motor:BacklashUm = -2", "0 or more"] },
        { "zero acceleration", ["Motor:AccelerationUmPerSecondSquared = 0", "positive"] },
        { "zero max move", ["Motor:MaxMoveUm = 0", "positive"] },
    };

    private static FocusDriveOptions Bad(string name) => Rig.StepDirOptions(o =>
    {
        switch (name)
        {
            case "duplicate pin": o.StepDir.DirPin = Rig.StepPin; break;
            case "negative pin": o.StepDir.EnablePin = -1; break;
            case "pin beyond the controller": o.StepDir.StepPin = 40; break;
            case "missing step pin": o.StepDir.StepPin = null; break;
            case "switch on a motor pin": o.LimitSwitch.Pin = Rig.DirPin; break;
            case "zero µm per microstep": o.UmPerMicrostep = 0; break;
            case "negative travel per revolution": o.UmPerMicrostep = null; o.TravelPerRevolutionUm = -100; break;
            case "zero steps per revolution": o.UmPerMicrostep = null; o.TravelPerRevolutionUm = 100; o.FullStepsPerRevolution = 0; break;
            case "unsupported microstepping": o.Microstepping = 32; break;
            case "limits exclude the start": o.MinPositionUm = 10; break;
            case "upper limit below the start": o.MaxPositionUm = -1; break;
            case "faster than the pulse thread": o.MaxSpeedUmPerSecond = 5000; break;
            case "faster than a 28BYJ-48":
                o.Driver = DriverType.Uln2003;
                o.Microstepping = 2;
                o.UmPerMicrostep = 1;
                o.MaxSpeedUmPerSecond = 1500;
                o.Coils = new CoilPinOptions { In1 = 5, In2 = 6, In3 = 13, In4 = 19 };
                break;
            case "wrong number of microstep pins": o.StepDir.MicrostepPins = [5, 6]; break;
            case "ULN2003 without coil pins":
                o.Driver = DriverType.Uln2003;
                o.Microstepping = 2;
                o.Coils = new CoilPinOptions { In1 = 5, In2 = 6, In4 = 19 };
                break;
            case "negative backlash": o.BacklashUm = -2; break;
            case "zero acceleration": o.AccelerationUmPerSecondSquared = 0; break;
            case "zero max move": o.MaxMoveUm = 0; break;
            default: throw new ArgumentException(name);
        }
    });

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_refused_naming_key_value_and_what_is_allowed(string name, string[] expected)
    {
        var result = new FocusDriveOptionsValidator(28).Validate(null, Bad(name));

        Assert.True(result.Failed, name);
        var message = string.Join("\n", result.Failures!);
        Assert.All(expected, e => Assert.Contains(e, message, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_never_open_a_pin(string name, string[] expected)
    {
        var driver = new RecordingGpioDriver(pinCount: 28);
        using var gpio = new GpioController(driver);

        var error = Assert.Throws<OptionsValidationException>(() => FocusAxis.Open(Bad(name), gpio));

        Assert.Contains(expected[0], error.Message, StringComparison.Ordinal);
        Assert.Empty(driver.OpenedPins);
        Assert.Empty(driver.Writes);
    }

    [Fact]
    public void The_rig_options_are_valid()
    {
        Assert.True(new FocusDriveOptionsValidator(28).Validate(null, Rig.StepDirOptions()).Succeeded);
    }

    [Fact]
    public void Without_a_pin_count_only_the_controller_check_is_skipped()
    {
        var validator = new FocusDriveOptionsValidator();

        Assert.True(validator.Validate(null, Bad("pin beyond the controller")).Succeeded);
        Assert.True(validator.Validate(null, Bad("duplicate pin")).Failed);
    }
}
