using System.Device.Gpio;

namespace FocusController.Simulation.Stage;

/// <summary>
/// The virtual microscope's focus motor as GPIO sees it: pass it to <c>new GpioController(driver)</c> and the real
/// Motion code drives it unchanged. It decodes step/dir pulses (a rising STEP edge while enabled moves one microstep
/// the way DIR says) and the ULN2003 coil sequence, and answers the limit-switch pin from the mechanical position.
/// </summary>
public sealed class SimulatedStageDriver : GpioDriver
{
    private static readonly bool[][] HalfStepPhases =
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

    private readonly SimulatedStageOptions _options;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _start;
    private readonly KnobPlay _play;
    private readonly FocusDrift _drift;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PinState> _pins = [];
    private readonly List<(int Pin, PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = [];
    private int _coilPhase = -1;
    private PinValue _limitLevel;

    public SimulatedStageDriver(SimulatedStageOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.UmPerMicrostep > 0) || double.IsInfinity(options.UmPerMicrostep))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.UmPerMicrostep, "UmPerMicrostep must be a positive finite number");
        }

        if (options.CoilPins.Length is not (0 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CoilPins.Length, "CoilPins lists the four ULN2003 inputs or none");
        }

        if (options.MissedStepProbability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MissedStepProbability, "MissedStepProbability is between 0 and 1");
        }

        _options = options;
        _time = time ?? TimeProvider.System;
        _start = _time.GetUtcNow();
        _play = new KnobPlay(options.BacklashUm);
        _random = new Random(options.Seed);
        _drift = new FocusDrift(options.DriftUmPerHour, options.WanderAmplitudeUm, options.WanderPeriod, _random.NextDouble() * 2 * Math.PI);
        _limitLevel = LimitLevel();
    }

    /// <summary>Net microsteps the motor actually made (missed ones not counted).</summary>
    public long MotorMicrosteps { get; private set; }

    /// <summary>Step pulses (or coil phase changes) received while enabled, made or missed.</summary>
    public long StepsReceived { get; private set; }

    public long StepsMissed { get; private set; }

    /// <summary>Step pulses that arrived while the driver was disabled.</summary>
    public long StepsWhileDisabled { get; private set; }

    /// <summary>Whether the motor is powered: enable active on a step/dir driver, any coil on for a ULN2003.</summary>
    public bool IsEnergized
    {
        get
        {
            lock (_lock)
            {
                return _options.CoilPins.Length == 4 ? _options.CoilPins.Any(p => Level(p) == PinValue.High) : IsEnabled();
            }
        }
    }

    /// <summary>Where the focus mechanics are, µm, without drift.</summary>
    public double MechanicalPositionUm
    {
        get
        {
            lock (_lock)
            {
                return _options.StartPositionUm + _play.PlaneUm;
            }
        }
    }

    /// <summary>
    /// The true focus-plane position at <paramref name="at"/>, µm: the mechanics as they stand now plus the drift at
    /// that time. This is what the simulated camera renders from.
    /// </summary>
    public double TruePositionUm(DateTimeOffset at) => MechanicalPositionUm + _drift.OffsetUm(at - _start);

    protected override int PinCount => _options.PinCount;

    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            CheckPin(pinNumber);
            _pins[pinNumber] = _pins.TryGetValue(pinNumber, out var state) ? state with { Open = true } : new PinState(true, PinMode.Input, PinValue.Low);
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            if (_pins.TryGetValue(pinNumber, out var state))
            {
                _pins[pinNumber] = state with { Open = false };
            }

            _callbacks.RemoveAll(c => c.Pin == pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            _pins[pinNumber] = Opened(pinNumber) with { Mode = mode };
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return Opened(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => pinNumber >= 0 && pinNumber < PinCount;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return pinNumber == _options.LimitSwitchPin ? _limitLevel : Opened(pinNumber).Value;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        List<(PinChangeEventHandler Callback, PinValueChangedEventArgs Args)>? fire;
        lock (_lock)
        {
            var before = Opened(pinNumber);
            _pins[pinNumber] = before with { Value = value };
            if (pinNumber == _options.StepPin && before.Value == PinValue.Low && value == PinValue.High)
            {
                OnStepEdge();
            }
            else if (_options.CoilPins.Contains(pinNumber))
            {
                OnCoilsChanged();
            }

            fire = LimitSwitchEdges();
        }

        foreach (var (callback, args) in fire ?? [])
        {
            callback(this, args);
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        using var happened = new ManualResetEventSlim();
        PinEventTypes seen = PinEventTypes.None;
        void OnEvent(object sender, PinValueChangedEventArgs e)
        {
            seen = e.ChangeType;
            happened.Set();
        }

        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, OnEvent);
        try
        {
            happened.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = seen, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, OnEvent);
        }
    }

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

    private void OnStepEdge()
    {
        if (!IsEnabled())
        {
            StepsWhileDisabled++;
            return;
        }

        var dirHigh = _options.DirPin is { } dir && Level(dir) == PinValue.High;
        MoveMotor(dirHigh == _options.DirHighIsPositive ? 1 : -1);
    }

    // Each half step switches one coil; a jump of two phases is a full step, anything larger cannot be followed.
    private void OnCoilsChanged()
    {
        var coils = _options.CoilPins.Select(p => Level(p) == PinValue.High).ToArray();
        var phase = Array.FindIndex(HalfStepPhases, p => p.AsSpan().SequenceEqual(coils));
        if (phase < 0)
        {
            return;
        }

        if (_coilPhase >= 0)
        {
            switch ((phase - _coilPhase + 8) % 8)
            {
                case 1: MoveMotor(1); break;
                case 7: MoveMotor(-1); break;
                case 2: MoveMotor(1); MoveMotor(1); break;
                case 6: MoveMotor(-1); MoveMotor(-1); break;
                case 0: break;
                default: StepsReceived++; StepsMissed++; break;
            }
        }

        _coilPhase = phase;
    }

    private void MoveMotor(int sign)
    {
        StepsReceived++;
        if (_options.MissedStepProbability > 0 && _random.NextDouble() < _options.MissedStepProbability)
        {
            StepsMissed++;
            return;
        }

        MotorMicrosteps += sign;
        _play.MoveMotor(sign * _options.UmPerMicrostep);
    }

    private List<(PinChangeEventHandler, PinValueChangedEventArgs)>? LimitSwitchEdges()
    {
        if (_options.LimitSwitchPin is not { } pin)
        {
            return null;
        }

        var level = LimitLevel();
        if (level == _limitLevel)
        {
            return null;
        }

        _limitLevel = level;
        var edge = level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        return [.. _callbacks.Where(c => c.Pin == pin && (c.Types & edge) != 0).Select(c => (c.Callback, new PinValueChangedEventArgs(edge, pin)))];
    }

    private PinValue LimitLevel()
    {
        var plane = _options.StartPositionUm + _play.PlaneUm;
        var closed = _options.LimitSwitchGuardsBelow ? plane <= _options.LimitSwitchAtUm : plane >= _options.LimitSwitchAtUm;
        return closed == _options.LimitSwitchClosedLow ? PinValue.Low : PinValue.High;
    }

    private bool IsEnabled()
    {
        if (_options.EnablePin is not { } enable || !_pins.TryGetValue(enable, out var state) || !state.Open)
        {
            return true;
        }

        return state.Value == (_options.EnableActiveLow ? PinValue.Low : PinValue.High);
    }

    private PinValue Level(int pin) => _pins.TryGetValue(pin, out var state) ? state.Value : PinValue.Low;

    private PinState Opened(int pinNumber)
    {
        CheckPin(pinNumber);
        return _pins.TryGetValue(pinNumber, out var state) && state.Open
            ? state
            : throw new InvalidOperationException($"GPIO pin {pinNumber} is not open");
    }

    private void CheckPin(int pinNumber)
    {
        if (pinNumber < 0 || pinNumber >= _options.PinCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"the simulated controller has pins 0..{_options.PinCount - 1}");
        }
    }

    private readonly record struct PinState(bool Open, PinMode Mode, PinValue Value);
}
