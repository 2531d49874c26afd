namespace FocusController.Motion;

/// <summary>
/// The focus axis as the controller sees it: positions in µm relative to the reference taken at start, inside
/// travel limits it cannot leave. Every move approaches its target from the same direction (backlash).
/// </summary>
public interface IFocusDrive
{
    /// <summary>Position relative to the reference, µm; NaN when unknown (after a crash during a move).</summary>
    double PositionUm { get; }

    /// <summary>False after a crash during a move, until the axis is re-referenced.</summary>
    bool PositionKnown => !double.IsNaN(PositionUm);

    /// <summary>Lowest allowed position, µm (≤ 0).</summary>
    double MinPositionUm { get; }

    /// <summary>Highest allowed position, µm (≥ 0).</summary>
    double MaxPositionUm { get; }

    /// <summary>Largest single move, µm.</summary>
    double MaxMoveUm { get; }

    /// <summary>
    /// Moves to <paramref name="targetUm"/>. Throws <see cref="TravelLimitException"/> without moving when the
    /// target (or the backlash overshoot on the way) lies outside the limits or the move is longer than
    /// <see cref="MaxMoveUm"/>; cancellation decelerates to a stop and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task MoveToAsync(double targetUm, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the axis's present place as the reference (0 µm), from which the travel limits count; the position is
    /// known again. Nothing moves. For the technician, after a crash mid-move left the position unknown.
    /// </summary>
    Task SetReferenceAsync(CancellationToken cancellationToken);
}

/// <summary>A move refused because it would cross a travel limit or exceed the maximum move; nothing moved.</summary>
public sealed class TravelLimitException : Exception
{
    public TravelLimitException()
    {
    }

    public TravelLimitException(string message)
        : base(message)
    {
    }

    public TravelLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
