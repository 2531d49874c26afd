using FocusController.Control.Timing;
using FocusController.Motion;

namespace FocusController.Control.Tests.Fakes;

/// <summary>
/// A focus drive that moves in simulated time and can misbehave: reversed wiring, lost steps, a stalled motor.
/// It records every requested target; a target outside the limits or a move over the maximum is a violation that
/// fails the test at once.
/// </summary>
internal sealed class FakeDrive(VirtualClock clock) : IFocusDrive
{
    private readonly List<double> _targets = [];
    private readonly List<string> _violations = [];

    public double PositionUm { get; private set; }

    /// <summary>Where the axis really is; differs from <see cref="PositionUm"/> once steps were lost.</summary>
    public double PhysicalUm { get; set; }

    public double MinPositionUm { get; set; } = -200;

    public double MaxPositionUm { get; set; } = 200;

    public double MaxMoveUm { get; set; } = 100;

    public bool Reversed { get; set; }

    /// <summary>Fraction of each move's steps that never happen (0 to 1).</summary>
    public double LostFraction { get; set; }

    /// <summary>Physical travel per believed µm (a wrong microstep setting makes it 2 or 4).</summary>
    public double Scale { get; set; } = 1;

    public double SpeedUmPerSecond { get; set; } = 500;

    public DateTimeOffset LastMoveEnd { get; private set; } = DateTimeOffset.MinValue;

    public IReadOnlyList<double> Targets => _targets;

    public IReadOnlyList<string> Violations => _violations;

    public int Moves { get; private set; }

    /// <summary>
    /// Refuses (as the real axis does, without moving) targets this close to a limit, as if the backlash approach
    /// would overshoot it: a refusal the controller cannot foresee and must handle.
    /// </summary>
    public double BacklashRefusalUm { get; set; }

    /// <summary>When positive, the axis lands on whole steps of this size, as a real stepper does.</summary>
    public double StepUm { get; set; }

    public Task SetReferenceAsync(CancellationToken cancellationToken)
    {
        // the axis stays where it physically is; only what the controller calls 0 changes
        PositionUm = 0;
        return Task.CompletedTask;
    }

    public async Task MoveToAsync(double targetUm, CancellationToken cancellationToken)
    {
        _targets.Add(targetUm);
        var delta = targetUm - PositionUm;
        if (double.IsNaN(targetUm) || targetUm < MinPositionUm || targetUm > MaxPositionUm)
        {
            _violations.Add($"target {targetUm} outside [{MinPositionUm}, {MaxPositionUm}]");
        }
        else if (Math.Abs(delta) > MaxMoveUm + 1e-9)
        {
            _violations.Add($"move of {delta} um exceeds the maximum {MaxMoveUm}");
        }

        // the controller must never ask for these: fail the test on the spot rather than let a refusal hide it
        Assert.Empty(_violations);

        if (targetUm < MinPositionUm + BacklashRefusalUm || targetUm > MaxPositionUm - BacklashRefusalUm)
        {
            throw new TravelLimitException($"the backlash approach to {targetUm} um would cross a travel limit");
        }

        if (StepUm > 0)
        {
            targetUm = Math.Round(targetUm / StepUm) * StepUm;
            delta = targetUm - PositionUm;
        }

        await Task.Delay(TimeSpan.FromSeconds((Math.Abs(delta) / SpeedUmPerSecond) + 0.005), clock, cancellationToken);
        PhysicalUm += delta * (Reversed ? -1 : 1) * (1 - LostFraction) * Scale;
        PositionUm = targetUm;
        LastMoveEnd = clock.GetUtcNow();
        Moves++;
    }
}
