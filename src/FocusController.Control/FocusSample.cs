using FocusController.Camera;
using FocusController.Inference;

namespace FocusController.Control;

/// <summary>One fresh frame taken during a run, with where the axis was and what was measured on it.</summary>
internal sealed record FocusSample(CapturedFrame Frame, double PositionUm, DefocusEstimate? Estimate, double? Score)
{
    public bool HasEstimate => Estimate is { HasValue: true };

    public double DefocusUm => Estimate is { HasValue: true } e ? e.DefocusUm : double.NaN;
}
