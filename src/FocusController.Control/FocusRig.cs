using FocusController.Camera;
using FocusController.Imaging;
using FocusController.Inference;
using FocusController.Motion;

namespace FocusController.Control;

/// <summary>
/// The ports one autofocus run talks to, and the clock it keeps time by. <paramref name="Estimator"/> is null
/// when no model is loaded; then only the classic strategy can run.
/// </summary>
public sealed record FocusRig(
    ICamera Camera,
    IFocusDrive Drive,
    IFocusMeasure Measure,
    IDefocusEstimator? Estimator,
    TimeProvider Time);
