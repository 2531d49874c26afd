using System.Device.Gpio;
using System.Globalization;
using FocusController.Motion.Drivers;
using FocusController.Motion.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FocusController.Motion;

/// <summary>
/// The focus axis on a stepper: takes moves in µm, owns the position relative to the reference, the travel limits,
/// the backlash approach, the limit switch and the saved state. One move at a time; moves queue.
/// </summary>
public sealed class FocusAxis : IFocusDrive, IDisposable
{
    private readonly IStepperDriver _driver;
    private readonly LimitSwitch? _limitSwitch;
    private readonly AxisStateStore _store;
    private readonly ApproachPlanner _planner;
    private readonly BacklashTracker _backlash;
    private readonly StepScale _scale;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly long _minSteps;
    private readonly long _maxSteps;
    private readonly double _maxRateHz;
    private readonly double _accelerationSteps;
    private readonly bool _disableWhenIdle;
    private long _positionSteps;
    private volatile bool _positionKnown;
    private bool _disposed;

    private FocusAxis(
        FocusDriveOptions options, IStepperDriver driver, LimitSwitch? limitSwitch, AxisStateStore store, AxisState? saved, ILogger logger, TimeProvider time)
    {
        _driver = driver;
        _limitSwitch = limitSwitch;
        _store = store;
        _logger = logger;
        _time = time;
        _scale = StepScale.From(options);
        _minSteps = _scale.CeilingSteps(options.MinPositionUm);
        _maxSteps = _scale.FloorSteps(options.MaxPositionUm);
        MinPositionUm = _scale.ToUm(_minSteps);
        MaxPositionUm = _scale.ToUm(_maxSteps);
        MaxMoveUm = options.MaxMoveUm;
        _maxRateHz = options.MaxSpeedUmPerSecond / _scale.UmPerMicrostep;
        _accelerationSteps = options.AccelerationUmPerSecondSquared / _scale.UmPerMicrostep;
        _disableWhenIdle = options.DisableWhenIdle;
        var approachSign = options.ApproachFrom == ApproachDirection.Below ? 1 : -1;
        _planner = new ApproachPlanner(approachSign, _scale.CeilingSteps(options.BacklashUm));
        var known = saved is null || (!saved.Moving && double.IsFinite(saved.PositionUm));
        _positionKnown = known;
        _positionSteps = known && saved is not null ? _scale.ToSteps(saved.PositionUm) : 0;
        _backlash = new BacklashTracker(approachSign, _planner.BacklashSteps, known && saved is { BacklashTakenUp: true });
    }

    public double PositionUm => _positionKnown ? _scale.ToUm(Interlocked.Read(ref _positionSteps)) : double.NaN;

    public bool PositionKnown => _positionKnown;

    public double MinPositionUm { get; }

    public double MaxPositionUm { get; }

    public double MaxMoveUm { get; }

    public double UmPerMicrostep => _scale.UmPerMicrostep;

    /// <summary>Whether the limit switch reads closed now (false when there is none).</summary>
    public bool LimitSwitchClosed => _limitSwitch?.IsClosed ?? false;

    /// <summary>Whether the driver is enabled (coils powered) right now.</summary>
    public bool IsEnergized => _driver.IsEnergized;

    /// <summary>
    /// Validates <paramref name="options"/> against <paramref name="gpio"/>'s pins, then opens the pins with the motor
    /// off. Throws <see cref="OptionsValidationException"/> (no pin opened) on bad options and
    /// <see cref="InvalidDataException"/> when the saved state cannot be read.
    /// </summary>
    public static FocusAxis Open(FocusDriveOptions options, GpioController gpio, ILogger<FocusAxis>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gpio);
        var validation = new FocusDriveOptionsValidator(gpio.PinCount).Validate(FocusDriveOptions.SectionName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(FocusDriveOptions.SectionName, typeof(FocusDriveOptions), validation.Failures);
        }

        ILogger log = logger ?? NullLogger<FocusAxis>.Instance;
        time ??= TimeProvider.System;
        var store = new AxisStateStore(options.StateDirectory);
        var saved = store.Load();
        IStepperDriver driver = OpenDriver(options, gpio);
        LimitSwitch? limitSwitch = null;
        try
        {
            if (options.LimitSwitch.Pin is { } switchPin)
            {
                limitSwitch = new LimitSwitch(gpio, switchPin, options.LimitSwitch.ClosedLevel, options.LimitSwitch.Side);
            }

            var axis = new FocusAxis(options, driver, limitSwitch, store, saved, log, time);
            if (saved is null)
            {
                axis.Save(moving: false);
            }
            else if (!axis.PositionKnown)
            {
                FocusAxisLog.PositionUnknownAfterCrash(log, saved.SavedAt);
            }

            FocusAxisLog.Opened(log, options.Driver, axis.UmPerMicrostep, axis.PositionUm, axis.MinPositionUm, axis.MaxPositionUm);
            return axis;
        }
        catch
        {
            limitSwitch?.Dispose();
            driver.Dispose();
            throw;
        }
    }

    public async Task MoveToAsync(double targetUm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
            await MoveLockedAsync(targetUm, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes the current position as the new reference (0 µm); the position is known again.</summary>
    public async Task SetReferenceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FocusAxisLog.Referenced(_logger, PositionUm);
            Interlocked.Exchange(ref _positionSteps, 0);
            _backlash.Forget();
            _positionKnown = true;
            Save(moving: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops a running move (decelerating), turns the motor off and releases the pins.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _closing.Cancel();
        _gate.Wait();
        try
        {
            _disposed = true;
            _limitSwitch?.Dispose();
            _driver.Dispose();
        }
        finally
        {
            _gate.Release();
            _closing.Dispose();
        }
    }

    private static IStepperDriver OpenDriver(FocusDriveOptions o, GpioController gpio)
    {
        var chip = DriverChip.For(o.Driver);
        if (!chip.IsStepDir)
        {
            int[] coils = [o.Coils.In1!.Value, o.Coils.In2!.Value, o.Coils.In3!.Value, o.Coils.In4!.Value];
            return new CoilSequencer(gpio, coils, o.Microstepping, o.DirectionInverted);
        }

        var microstepPins = o.StepDir.MicrostepPins ?? [];
        return new StepDirDriver(
            gpio,
            o.StepDir.StepPin!.Value,
            o.StepDir.DirPin!.Value,
            o.StepDir.EnablePin,
            o.StepDir.EnableActiveLow,
            o.DirectionInverted,
            microstepPins,
            microstepPins.Length == 0 ? [] : chip.MicrostepPinLevels(o.Microstepping));
    }

    private async Task MoveLockedAsync(double targetUm, CancellationToken cancellationToken)
    {
        var waypoints = PlanOrRefuse(targetUm);
        if (waypoints.Count == 0)
        {
            return;
        }

        FocusAxisLog.Moving(_logger, PositionUm, targetUm, waypoints.Count);
        _limitSwitch?.Rearm();
        Save(moving: true);
        var faulted = false;
        try
        {
            _driver.Energize();
            foreach (var waypoint in waypoints)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    FocusAxisLog.Cancelled(_logger, targetUm, PositionUm);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                PulseTrainResult result;
                try
                {
                    result = await RunLegAsync(waypoint, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // The driver failed mid-pulse: the steps counted may not be the steps made.
                    faulted = true;
                    _positionKnown = false;
                    FocusAxisLog.Faulted(_logger, targetUm, e);
                    throw;
                }

                if (result.HaltedBySwitch)
                {
                    FocusAxisLog.LimitSwitchStopped(_logger, targetUm, PositionUm);
                    throw new LimitSwitchException(string.Create(
                        CultureInfo.InvariantCulture, $"the limit switch closed: the move to {targetUm} µm stopped at {PositionUm} µm"));
                }

                if (result.Cancelled)
                {
                    FocusAxisLog.Cancelled(_logger, targetUm, PositionUm);
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }
        finally
        {
            if (_disableWhenIdle)
            {
                _driver.Deenergize();
            }

            // After a fault the moving marker stays, so a restart also knows the position is unknown.
            if (!faulted)
            {
                Save(moving: false);
            }
        }
    }

    private IReadOnlyList<long> PlanOrRefuse(double targetUm)
    {
        string? reason = null;
        IReadOnlyList<long> waypoints = [];
        if (!double.IsFinite(targetUm))
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"the target {targetUm} µm is not a position");
        }
        else if (!_positionKnown)
        {
            reason = "the position is unknown (a move was interrupted); re-reference the axis first";
        }
        else
        {
            var from = Interlocked.Read(ref _positionSteps);
            var to = _scale.ToSteps(targetUm);
            var moveUm = Math.Abs(_scale.ToUm(to - from));
            if (to < _minSteps || to > _maxSteps)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"the target {targetUm} µm lies outside the limits {MinPositionUm}..{MaxPositionUm} µm");
            }
            else if (moveUm > MaxMoveUm + (_scale.UmPerMicrostep / 2))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"the move of {moveUm} µm is longer than the maximum single move of {MaxMoveUm} µm");
            }
            else
            {
                waypoints = _planner.Plan(from, to, _backlash.TakenUp);
                var outside = waypoints.FirstOrDefault(w => w < _minSteps || w > _maxSteps, long.MinValue);
                if (outside != long.MinValue)
                {
                    reason = string.Create(CultureInfo.InvariantCulture,
                        $"the backlash overshoot to {_scale.ToUm(outside)} µm before approaching {targetUm} µm lies outside the limits {MinPositionUm}..{MaxPositionUm} µm");
                }
                else if (waypoints.Count > 0 && _limitSwitch is { IsClosed: true } limitSwitch
                    && Math.Sign(waypoints[0] - from) == limitSwitch.Sign)
                {
                    reason = "the limit switch is closed and the move runs further into it";
                }
            }
        }

        if (reason is null)
        {
            return waypoints;
        }

        FocusAxisLog.Refused(_logger, targetUm, reason);
        throw new TravelLimitException($"Move to {targetUm.ToString(CultureInfo.InvariantCulture)} µm refused, nothing moved: {reason}.");
    }

    private Task<PulseTrainResult> RunLegAsync(long waypoint, CancellationToken cancellationToken)
    {
        var delta = waypoint - Interlocked.Read(ref _positionSteps);
        if (delta == 0)
        {
            return Task.FromResult(new PulseTrainResult(0, false, false));
        }

        var sign = Math.Sign(delta);
        _driver.SetDirection(sign);
        var ramp = new TrapezoidalRamp(Math.Abs(delta), _maxRateHz, _accelerationSteps);
        var limitSwitch = _limitSwitch is { } s && s.Sign == sign ? s : null;
        return PulseTrain.RunAsync(
            ramp,
            _driver.Step,
            () => limitSwitch?.IsClosed ?? false,
            () =>
            {
                Interlocked.Add(ref _positionSteps, sign);
                _backlash.Stepped(sign);
            },
            cancellationToken);
    }

    private void Save(bool moving) =>
        _store.Save(new AxisState(PositionUm, moving, _backlash.TakenUp, _time.GetUtcNow()));
}
