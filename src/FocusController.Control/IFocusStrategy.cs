namespace FocusController.Control;

/// <summary>One way of bringing the specimen into focus; each call is one autofocus run.</summary>
public interface IFocusStrategy
{
    /// <summary>Stable name for logs, status and benchmark output ("single-shot", "classic").</summary>
    string Name { get; }

    /// <summary>
    /// Runs autofocus once. Never throws for the outcomes a run can have (no focus, camera lost, cancelled): they
    /// come back as <see cref="FocusOutcome"/>; the axis never leaves its travel limits.
    /// </summary>
    Task<FocusOutcome> FocusAsync(CancellationToken cancellationToken);
}
