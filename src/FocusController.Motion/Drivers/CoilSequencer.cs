using System.Device.Gpio;
using System.Diagnostics;

namespace FocusController.Motion.Drivers;

/// <summary>
/// Drives a 28BYJ-48 through a ULN2003 board by switching its four coils in the half-step sequence (two-coil full
/// steps when <c>Microstepping</c> is 1).
/// </summary>
/// <remarks>
/// Our own sequencer rather than Iot.Device.Bindings' <c>Uln2003</c> (4.2.0): its <c>Step(int)</c> busy-waits the
/// whole move inside one call with no CancellationToken, at one constant RPM (no ramp), and waits a full step delay
/// before even the first step of every call, so neither the pulse thread's timing, the ramp, cancellation nor the
/// limit switch could act between its steps. The coil table is the same 8-phase sequence the binding uses; each
/// half step changes exactly one coil, so writing the pins one after another never shows an intermediate phase.
/// </remarks>
internal sealed class CoilSequencer : IStepperDriver
{
    /// <summary>Coils IN1..IN4 energised in each of the eight half-step phases.</summary>
    public static readonly IReadOnlyList<bool[]> HalfStepPhases =
    [
        [true, false, false, false],
        [true, true, false, false],
        [false, true, false, false],
        [false, true, true, false],
        [false, false, true, false],
        [false, false, true, true],
        [false, false, false, true],
        [true, false, false, true],
    ];

    private readonly GpioController _gpio;
    private readonly int[] _pins;
    private readonly int _stride;
    private readonly bool _inverted;
    private readonly PinValuePair[] _pattern = new PinValuePair[4];
    private int _phase;
    private int _sign = 1;

    /// <param name="microstepping">2 for half steps, 1 for two-coil full steps.</param>
    public CoilSequencer(GpioController gpio, IReadOnlyList<int> pins, int microstepping, bool directionInverted)
    {
        if (pins.Count != 4)
        {
            throw new ArgumentException("a ULN2003 has four coil inputs", nameof(pins));
        }

        _gpio = gpio;
        _pins = [.. pins];
        _stride = microstepping == 1 ? 2 : 1;
        _inverted = directionInverted;

        // Full steps use the two-coil phases (odd indices) for their torque.
        _phase = _stride == 2 ? 1 : 0;
        foreach (var pin in _pins)
        {
            gpio.OpenPin(pin, PinMode.Output, PinValue.Low);
        }
    }

    public bool IsEnergized { get; private set; }

    public void Energize()
    {
        if (!IsEnergized)
        {
            Apply(_phase);
            IsEnergized = true;
        }
    }

    public void Deenergize()
    {
        for (var i = 0; i < 4; i++)
        {
            _pattern[i] = new PinValuePair(_pins[i], PinValue.Low);
        }

        _gpio.Write(_pattern);
        IsEnergized = false;
    }

    public void SetDirection(int sign) => _sign = (sign > 0) ^ _inverted ? 1 : -1;

    public long Step()
    {
        _phase = ((_phase + (_sign * _stride)) % 8 + 8) % 8;
        Apply(_phase);
        return Stopwatch.GetTimestamp();
    }

    public void Dispose()
    {
        Deenergize();
        foreach (var pin in _pins)
        {
            _gpio.ClosePin(pin);
        }
    }

    private void Apply(int phase)
    {
        var coils = HalfStepPhases[phase];
        for (var i = 0; i < 4; i++)
        {
            _pattern[i] = new PinValuePair(_pins[i], coils[i] ? PinValue.High : PinValue.Low);
        }

        _gpio.Write(_pattern);
    }
}
