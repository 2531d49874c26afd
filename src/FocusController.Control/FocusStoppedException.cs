namespace FocusController.Control;

/// <summary>Ends a run from deep inside a search; the strategy turns it into a <see cref="FocusOutcome"/>.</summary>
#pragma warning disable CA1032 // internal control-flow signal: always built with a result and a reason
internal sealed class FocusStoppedException(FocusResult result, string reason) : Exception(reason)
#pragma warning restore CA1032
{
    public FocusResult Result { get; } = result;

    public string Reason { get; } = reason;
}
