using System.Device.Gpio;
using System.Diagnostics;

namespace FocusController.Motion.Tests;

/// <summary>
/// A GPIO controller's view of the hardware: timestamps every level written, serves input levels set by the test and
/// raises their edge callbacks. <see cref="OnWrite"/> runs on the writing thread, so a test can react at an exact step.
/// </summary>
internal sealed class RecordingGpioDriver(int pinCount = 28) : GpioDriver
{
    private readonly Lock _lock = new();
    private readonly List<Edge> _writes = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly HashSet<int> _open = [];
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly List<(int Pin, PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = [];

    /// <summary>Called after every recorded write, on the writing thread.</summary>
    public Action<Edge>? OnWrite { get; set; }

    public IReadOnlyList<Edge> Writes
    {
        get
        {
            lock (_lock)
            {
                return [.. _writes];
            }
        }
    }

    public IReadOnlyList<int> OpenedPins { get; private set; } = [];

    public IReadOnlyCollection<int> OpenPins
    {
        get
        {
            lock (_lock)
            {
                return [.. _open];
            }
        }
    }

    protected override int PinCount => pinCount;

    /// <summary>Rising edges written to <paramref name="pin"/>, in order.</summary>
    public IReadOnlyList<Edge> RisingEdges(int pin)
    {
        var edges = new List<Edge>();
        var level = PinValue.Low;
        foreach (var w in Writes.Where(w => w.Pin == pin))
        {
            if (level == PinValue.Low && w.Value == PinValue.High)
            {
                edges.Add(w);
            }

            level = w.Value;
        }

        return edges;
    }

    /// <summary>The level <paramref name="pin"/> had just before write number <paramref name="index"/>.</summary>
    public PinValue LevelBefore(int pin, int index)
    {
        var level = PinValue.Low;
        var writes = Writes;
        for (var i = 0; i < index; i++)
        {
            if (writes[i].Pin == pin)
            {
                level = writes[i].Value;
            }
        }

        return level;
    }

    /// <summary>Sets an input level as the outside world would; fires the pin's callbacks when asked to.</summary>
    public void SetInput(int pin, PinValue value, bool raiseEdge = true)
    {
        List<PinChangeEventHandler> fire;
        PinEventTypes edge;
        lock (_lock)
        {
            var before = _levels.GetValueOrDefault(pin, PinValue.Low);
            _levels[pin] = value;
            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            fire = before == value || !raiseEdge ? [] : [.. _callbacks.Where(c => c.Pin == pin && (c.Types & edge) != 0).Select(c => c.Callback)];
        }

        foreach (var callback in fire)
        {
            callback(this, new PinValueChangedEventArgs(edge, pin));
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            _open.Add(pinNumber);
            OpenedPins = [.. OpenedPins, pinNumber];
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            _open.Remove(pinNumber);
        }
    }

    /// <summary>The mode each pin was last set to (pull-up, pull-down, output, ...).</summary>
    public IReadOnlyDictionary<int, PinMode> Modes
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<int, PinMode>(_modes);
            }
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            _modes[pinNumber] = mode;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return _modes.GetValueOrDefault(pinNumber, PinMode.Output);
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return _levels.GetValueOrDefault(pinNumber, PinValue.Low);
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        var edge = new Edge(pinNumber, value, Stopwatch.GetTimestamp());
        lock (_lock)
        {
            _levels[pinNumber] = value;
            _writes.Add(edge);
        }

        OnWrite?.Invoke(edge);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the axis never blocks on a pin");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            _callbacks.Add((pinNumber, eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            _callbacks.RemoveAll(c => c.Pin == pinNumber && c.Callback == callback);
        }
    }

    internal readonly record struct Edge(int Pin, PinValue Value, long Timestamp);
}
