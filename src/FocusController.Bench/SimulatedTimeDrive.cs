using FocusController.Control.Timing;
using FocusController.Motion;
using FocusController.Motion.Options;
using FocusController.Simulation.Stage;

namespace FocusController.Bench;

/// <summary>
/// The real <see cref="FocusAxis"/> (limits, backlash approach, refusals) over the simulated stage, with the move's
/// duration charged to simulated time: the axis pulses the stage on its own thread in wall time, and when it is done
/// the clock advances by what the configured motor takes for the legs it made (<see cref="MotorTiming"/>). It keeps
/// the motor's true extremes, from the pulses the stage decoded rather than the axis's belief, so a check of the
/// travel limits reads the truth.
/// </summary>
public sealed class SimulatedTimeDrive : IFocusDrive
{
    private readonly FocusAxis _axis;
    private readonly SimulatedStageDriver _stage;
    private readonly VirtualClock _clock;
    private readonly MotorTiming _timing;
    private readonly int _approachSign;

    public SimulatedTimeDrive(FocusAxis axis, SimulatedStageDriver stage, VirtualClock clock, MotorTiming timing, ApproachDirection approachFrom)
    {
        _axis = axis ?? throw new ArgumentNullException(nameof(axis));
        _stage = stage ?? throw new ArgumentNullException(nameof(stage));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _timing = timing ?? throw new ArgumentNullException(nameof(timing));
        _approachSign = approachFrom == ApproachDirection.Below ? 1 : -1;
        LowestMotorUm = HighestMotorUm = MotorUm;
    }

    public double PositionUm => _axis.PositionUm;

    public double MinPositionUm => _axis.MinPositionUm;

    public double MaxPositionUm => _axis.MaxPositionUm;

    public double MaxMoveUm => _axis.MaxMoveUm;

    /// <summary>Where the motor truly is, µm: the microsteps the stage received, whatever the axis believes.</summary>
    public double MotorUm => _stage.MotorMicrosteps * _timing.UmPerMicrostep;

    /// <summary>Lowest and highest true motor position reached, overshoots included, µm.</summary>
    public double LowestMotorUm { get; private set; }

    public double HighestMotorUm { get; private set; }

    public async Task MoveToAsync(double targetUm, CancellationToken cancellationToken)
    {
        long stepsBefore = _stage.StepsReceived;
        long from = _stage.MotorMicrosteps;
        try
        {
            await _axis.MoveToAsync(targetUm, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Account(from, stepsBefore, out _);
        }

        Account(from, stepsBefore, out var duration);
        if (duration > TimeSpan.Zero)
        {
            await Task.Delay(duration, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Re-references the axis (nothing moves). The extremes stay in the stage's frame, which a re-reference does not
    /// move; the bench never re-references, so its travel check compares like with like.
    /// </summary>
    public Task SetReferenceAsync(CancellationToken cancellationToken) => _axis.SetReferenceAsync(cancellationToken);

    // The axis makes at most two legs: past the target by the backlash and back, the overshoot always on the approach
    // side. With S steps made and N the net displacement the legs are (S + N) / 2 and (S - N) / 2, and the overshoot
    // reaches (S - N) / 2 beyond the nearer end of the move on that side.
    private void Account(long from, long stepsBefore, out TimeSpan duration)
    {
        long to = _stage.MotorMicrosteps;
        long made = _stage.StepsReceived - stepsBefore;
        long net = Math.Min(made, Math.Abs(to - from));
        long back = (made - net) / 2;
        double overshootUm = back * _timing.UmPerMicrostep;
        double fromUm = from * _timing.UmPerMicrostep;
        double toUm = to * _timing.UmPerMicrostep;
        if (_approachSign > 0)
        {
            LowestMotorUm = Math.Min(LowestMotorUm, Math.Min(fromUm, toUm) - overshootUm);
            HighestMotorUm = Math.Max(HighestMotorUm, Math.Max(fromUm, toUm));
        }
        else
        {
            LowestMotorUm = Math.Min(LowestMotorUm, Math.Min(fromUm, toUm));
            HighestMotorUm = Math.Max(HighestMotorUm, Math.Max(fromUm, toUm) + overshootUm);
        }

        duration = _timing.Leg(made - back) + _timing.Leg(back);
    }
}
