using FocusController.Control.Timing;
using FocusController.Motion;
using FocusController.Simulation.Stage;

namespace FocusController.Host.Bench;

/// <summary>
/// The real <see cref="FocusAxis"/> (limits, backlash approach, refusals) over the simulated stage, with the move's
/// duration charged to simulated time: the axis pulses the stage on its own thread in wall time, and when it is done
/// the clock advances by what the configured motor takes for the legs it made (<see cref="MotorTiming"/>). It keeps
/// the stage's true mechanical extremes after every move, so a check of the travel limits reads the truth, not the
/// axis's belief.
/// </summary>
public sealed class SimulatedTimeDrive(FocusAxis axis, SimulatedStageDriver stage, VirtualClock clock, MotorTiming timing) : IFocusDrive
{
    public double PositionUm => axis.PositionUm;

    public double MinPositionUm => axis.MinPositionUm;

    public double MaxPositionUm => axis.MaxPositionUm;

    public double MaxMoveUm => axis.MaxMoveUm;

    /// <summary>Lowest and highest true stage position seen at the end of a move (the start counts), µm.</summary>
    public double LowestStageUm { get; private set; } = stage.MechanicalPositionUm;

    public double HighestStageUm { get; private set; } = stage.MechanicalPositionUm;

    public TimeSpan MotionTime { get; private set; }

    public async Task MoveToAsync(double targetUm, CancellationToken cancellationToken)
    {
        long stepsBefore = stage.StepsReceived;
        double from = axis.PositionUm;
        try
        {
            await axis.MoveToAsync(targetUm, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            double at = stage.MechanicalPositionUm;
            LowestStageUm = Math.Min(LowestStageUm, at);
            HighestStageUm = Math.Max(HighestStageUm, at);
        }

        // the axis makes at most two legs: out past the target by the backlash, then back onto it. With S steps made and
        // N the net displacement, the legs are (S + N) / 2 and (S - N) / 2.
        long made = stage.StepsReceived - stepsBefore;
        long net = Math.Min(made, (long)Math.Round(Math.Abs(axis.PositionUm - from) / timing.UmPerMicrostep));
        long first = (made + net) / 2;
        var duration = timing.Leg(first) + timing.Leg(made - first);
        MotionTime += duration;
        if (duration > TimeSpan.Zero)
        {
            await Task.Delay(duration, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
