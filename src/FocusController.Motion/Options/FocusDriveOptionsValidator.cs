using System.Globalization;
using FocusController.Motion.Drivers;
using Microsoft.Extensions.Options;

namespace FocusController.Motion.Options;

/// <summary>
/// Checks a <see cref="FocusDriveOptions"/> before any pin is opened; every message names the key, the value and what
/// is allowed. Pins beyond the controller are only caught when the controller's pin count is known
/// (<see cref="FocusAxis.Open"/> passes it).
/// </summary>
public sealed class FocusDriveOptionsValidator : IValidateOptions<FocusDriveOptions>
{
    private readonly int? _controllerPinCount;

    public FocusDriveOptionsValidator()
    {
    }

    public FocusDriveOptionsValidator(int controllerPinCount)
    {
        _controllerPinCount = controllerPinCount;
    }

    public ValidateOptionsResult Validate(string? name, FocusDriveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = string.IsNullOrEmpty(name) ? FocusDriveOptions.SectionName : name;
        new Check(section, failures, _controllerPinCount).All(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private sealed class Check(string section, List<string> failures, int? pinCount)
    {
        private readonly Dictionary<int, string> _pinsInUse = [];

        public void All(FocusDriveOptions o)
        {
            if (!Enum.IsDefined(o.Driver))
            {
                Fail("Driver", o.Driver, "allowed: " + string.Join(", ", Enum.GetNames<DriverType>()));
                return;
            }

            var chip = DriverChip.For(o.Driver);
            if (chip.IsStepDir)
            {
                StepDirPins(o.StepDir, chip);
            }
            else
            {
                Pin("Coils:In1", o.Coils.In1, required: true);
                Pin("Coils:In2", o.Coils.In2, required: true);
                Pin("Coils:In3", o.Coils.In3, required: true);
                Pin("Coils:In4", o.Coils.In4, required: true);
            }

            Pin("LimitSwitch:Pin", o.LimitSwitch.Pin, required: false);
            Defined("LimitSwitch:ClosedLevel", o.LimitSwitch.ClosedLevel);
            Defined("LimitSwitch:Side", o.LimitSwitch.Side);
            Defined("ApproachFrom", o.ApproachFrom);
            Scale(o, chip);
            Travel(o);
            StateDirectory(o.StateDirectory);
        }

        private void StepDirPins(StepDirPinOptions pins, DriverChip chip)
        {
            Pin("StepDir:StepPin", pins.StepPin, required: true);
            Pin("StepDir:DirPin", pins.DirPin, required: true);
            Pin("StepDir:EnablePin", pins.EnablePin, required: false);
            var microstepPins = pins.MicrostepPins ?? [];
            if (microstepPins.Length != 0 && microstepPins.Length != chip.MicrostepPinCount)
            {
                Fail("StepDir:MicrostepPins", "[" + string.Join(", ", microstepPins) + "]",
                    $"the {chip.Type} has {chip.MicrostepPinCount} microstep-select pins; list all of them in datasheet order, or none when they are strapped");
            }

            for (var i = 0; i < microstepPins.Length; i++)
            {
                Pin($"StepDir:MicrostepPins:{i}", microstepPins[i], required: true);
            }
        }

        private void Pin(string key, int? pin, bool required)
        {
            if (pin is not { } p)
            {
                if (required)
                {
                    Fail(key, "(missing)", "a GPIO pin number is required for this driver");
                }

                return;
            }

            if (p < 0)
            {
                Fail(key, p, "pin numbers are 0 or more");
            }
            else if (pinCount is { } count && p >= count)
            {
                Fail(key, p, $"the GPIO controller has {count} pins (0..{count - 1})");
            }
            else if (_pinsInUse.TryGetValue(p, out var other))
            {
                Fail(key, p, $"the pin is already used by {section}:{other}; every pin must be distinct");
            }
            else
            {
                _pinsInUse[p] = key;
            }
        }

        private void Scale(FocusDriveOptions o, DriverChip chip)
        {
            if (!chip.Supports(o.Microstepping))
            {
                Fail("Microstepping", o.Microstepping, $"the {chip.Type} supports {string.Join(", ", chip.SupportedMicrostepping)}");
                return;
            }

            double umPerStep;
            if (o.UmPerMicrostep is { } calibrated)
            {
                if (!(calibrated > 0) || double.IsInfinity(calibrated))
                {
                    Fail("UmPerMicrostep", calibrated, "a positive µm per microstep");
                    return;
                }

                umPerStep = calibrated;
            }
            else
            {
                if (o.FullStepsPerRevolution <= 0)
                {
                    Fail("FullStepsPerRevolution", o.FullStepsPerRevolution, "a positive number of full steps (200 for a 1.8° motor, 2048 for a 28BYJ-48)");
                    return;
                }

                if (o.TravelPerRevolutionUm is not { } perRev)
                {
                    Fail("TravelPerRevolutionUm", "(missing)", "the focus travel per motor revolution in µm, or a calibrated UmPerMicrostep");
                    return;
                }

                if (!(perRev > 0) || double.IsInfinity(perRev))
                {
                    Fail("TravelPerRevolutionUm", perRev, "a positive travel per revolution in µm");
                    return;
                }

                umPerStep = perRev / ((double)o.FullStepsPerRevolution * o.Microstepping);
            }

            if (!Positive("AccelerationUmPerSecondSquared", o.AccelerationUmPerSecondSquared)
                || !Positive("MaxSpeedUmPerSecond", o.MaxSpeedUmPerSecond))
            {
                return;
            }

            var rate = o.MaxSpeedUmPerSecond / umPerStep;
            var limit = Math.Min(PulseTrain.MaxStepRateHz, chip.MaxStepRateHz);
            if (rate > limit)
            {
                var why = chip.MaxStepRateHz < PulseTrain.MaxStepRateHz
                    ? $"the {chip.Type} steps at most {Format(chip.MaxStepRateHz)} Hz"
                    : $"the pulse thread times at most {Format(PulseTrain.MaxStepRateHz)} steps/s";
                Fail("MaxSpeedUmPerSecond", o.MaxSpeedUmPerSecond,
                    $"that is {Format(rate)} microsteps/s at {Format(umPerStep)} µm per microstep and {why}; allowed up to {Format(limit * umPerStep)} µm/s");
            }
        }

        private void Travel(FocusDriveOptions o)
        {
            if (!Finite("MinPositionUm", o.MinPositionUm) | !Finite("MaxPositionUm", o.MaxPositionUm))
            {
                return;
            }

            if (o.MinPositionUm > 0)
            {
                Fail("MinPositionUm", o.MinPositionUm, "the limits exclude the start position (the reference, 0 µm); allowed ≤ 0");
            }

            if (o.MaxPositionUm < 0)
            {
                Fail("MaxPositionUm", o.MaxPositionUm, "the limits exclude the start position (the reference, 0 µm); allowed ≥ 0");
            }

            Positive("MaxMoveUm", o.MaxMoveUm);
            if (!Finite("BacklashUm", o.BacklashUm))
            {
                return;
            }

            if (o.BacklashUm < 0)
            {
                Fail("BacklashUm", o.BacklashUm, "0 or more µm");
            }
            else if (o.BacklashUm >= o.MaxPositionUm - o.MinPositionUm && o.BacklashUm > 0)
            {
                Fail("BacklashUm", o.BacklashUm, $"the overshoot must fit between the limits ({Format(o.MinPositionUm)}..{Format(o.MaxPositionUm)} µm)");
            }
        }

        private void StateDirectory(string? directory)
        {
            if (directory is null)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(directory) || directory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                Fail("StateDirectory", directory, "a directory path, or leave it out to keep the position in memory only");
            }
        }

        private bool Positive(string key, double value)
        {
            if (value > 0 && !double.IsInfinity(value))
            {
                return true;
            }

            Fail(key, value, "a positive finite number");
            return false;
        }

        private bool Finite(string key, double value)
        {
            if (double.IsFinite(value))
            {
                return true;
            }

            Fail(key, value, "a finite number");
            return false;
        }

        private void Defined<T>(string key, T value)
            where T : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                Fail(key, value, "allowed: " + string.Join(", ", Enum.GetNames<T>()));
            }
        }

        private void Fail(string key, object value, string allowed) =>
            failures.Add($"{section}:{key} = {Format(value)}: {allowed}.");

        private static string Format(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
    }
}
