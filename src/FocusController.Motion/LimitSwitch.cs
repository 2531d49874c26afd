using System.Device.Gpio;
using FocusController.Motion.Options;

namespace FocusController.Motion;

/// <summary>
/// The optional end-of-travel switch. An edge callback latches a closing at once; the pulse thread also reads the
/// pin between steps, so a missed or late callback cannot let the motor run on.
/// </summary>
internal sealed class LimitSwitch : IDisposable
{
    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly PinValue _closedLevel;
    private readonly PinEventTypes _closingEdge;
    private volatile bool _closedByEdge;

    public LimitSwitch(GpioController gpio, int pin, SignalLevel closedLevel, ApproachDirection side)
    {
        _gpio = gpio;
        _pin = pin;
        _closedLevel = closedLevel == SignalLevel.High ? PinValue.High : PinValue.Low;

        // Guarding the lower end means moving in the negative direction runs into it.
        Sign = side == ApproachDirection.Below ? -1 : 1;

        // Both wirings hardware/pin-maps.md gives switch to ground, so both want a pull-up: the normally open
        // contact (ClosedLevel Low) and the fail-safe normally closed one (ClosedLevel High), where the pull-up
        // is what makes an opened contact or a broken wire read High, "at the limit". A pull-down there would
        // leave a broken wire reading Low unless an external resistor overpowered it.
        gpio.OpenPin(pin, gpio.IsPinModeSupported(pin, PinMode.InputPullUp) ? PinMode.InputPullUp : PinMode.Input);
        _closingEdge = closedLevel == SignalLevel.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        gpio.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
    }

    /// <summary>The direction of travel that runs into the switch.</summary>
    public int Sign { get; }

    public bool IsClosed => _closedByEdge || _gpio.Read(_pin) == _closedLevel;

    /// <summary>Forgets a latched closing once the pin reads open again (before a move).</summary>
    public void Rearm()
    {
        if (_gpio.Read(_pin) != _closedLevel)
        {
            _closedByEdge = false;
        }
    }

    public void Dispose()
    {
        _gpio.UnregisterCallbackForPinValueChangedEvent(_pin, OnEdge);
        _gpio.ClosePin(_pin);
    }

    private void OnEdge(object sender, PinValueChangedEventArgs e) => _closedByEdge = e.ChangeType == _closingEdge;
}
