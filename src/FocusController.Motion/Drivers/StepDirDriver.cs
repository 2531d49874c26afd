using System.Device.Gpio;
using System.Diagnostics;

namespace FocusController.Motion.Drivers;

/// <summary>
/// A step/dir driver chip (A4988, DRV8825, TMC2209 in step/dir mode): a rising STEP edge moves one microstep in the
/// direction DIR selects; (n)ENABLE powers the bridge; the microstep-select pins, when wired, are set once at open.
/// </summary>
internal sealed class StepDirDriver : IStepperDriver
{
    // DRV8825 needs 1.9 µs of STEP high and 650 ns of DIR setup; these cover all three chips with margin.
    private const double StepHighMicroseconds = 2.5;
    private const double DirectionSetupMicroseconds = 5;

    // TMC2209 and DRV8825 want a moment after enable before the first step (charge pump, internal regulators).
    private const double EnableSettleMicroseconds = 1000;

    private readonly GpioController _gpio;
    private readonly int _stepPin;
    private readonly int _dirPin;
    private readonly int? _enablePin;
    private readonly PinValue _enabledLevel;
    private readonly bool _inverted;
    private readonly int[] _microstepPins;

    /// <summary>Opens the pins with the driver disabled; the enable pin is opened first so the bridge never powers up.</summary>
    public StepDirDriver(
        GpioController gpio,
        int stepPin,
        int dirPin,
        int? enablePin,
        bool enableActiveLow,
        bool directionInverted,
        IReadOnlyList<int> microstepPins,
        IReadOnlyList<bool> microstepLevels)
    {
        _gpio = gpio;
        _stepPin = stepPin;
        _dirPin = dirPin;
        _enablePin = enablePin;
        _enabledLevel = enableActiveLow ? PinValue.Low : PinValue.High;
        _inverted = directionInverted;
        _microstepPins = [.. microstepPins];
        if (_enablePin is { } enable)
        {
            gpio.OpenPin(enable, PinMode.Output, !_enabledLevel);
        }

        gpio.OpenPin(_dirPin, PinMode.Output, PinValue.Low);
        gpio.OpenPin(_stepPin, PinMode.Output, PinValue.Low);
        for (var i = 0; i < _microstepPins.Length; i++)
        {
            gpio.OpenPin(_microstepPins[i], PinMode.Output, microstepLevels[i] ? PinValue.High : PinValue.Low);
        }

        // Without an enable pin the bridge is on from power-up; say so rather than pretend.
        IsEnergized = _enablePin is null;
    }

    public bool IsEnergized { get; private set; }

    public void Energize()
    {
        if (IsEnergized)
        {
            return;
        }

        if (_enablePin is { } enable)
        {
            _gpio.Write(enable, _enabledLevel);
            BusyWait.Microseconds(EnableSettleMicroseconds);
        }

        IsEnergized = true;
    }

    public void Deenergize()
    {
        if (_enablePin is { } enable)
        {
            _gpio.Write(enable, !_enabledLevel);
            IsEnergized = false;
        }
    }

    public void SetDirection(int sign)
    {
        var high = (sign > 0) ^ _inverted;
        _gpio.Write(_dirPin, high ? PinValue.High : PinValue.Low);
        BusyWait.Microseconds(DirectionSetupMicroseconds);
    }

    public long Step()
    {
        _gpio.Write(_stepPin, PinValue.High);
        var edge = Stopwatch.GetTimestamp();
        BusyWait.Microseconds(StepHighMicroseconds);
        _gpio.Write(_stepPin, PinValue.Low);
        return edge;
    }

    public void Dispose()
    {
        Deenergize();
        _gpio.ClosePin(_stepPin);
        _gpio.ClosePin(_dirPin);
        foreach (var pin in _microstepPins)
        {
            _gpio.ClosePin(pin);
        }

        if (_enablePin is { } enable)
        {
            // A released pin floats; the wiring guide puts a pull-up on (n)ENABLE so the bridge stays off after exit.
            _gpio.ClosePin(enable);
        }
    }
}
