using FocusController.Control.Timing;
using FocusController.Imaging;
using FocusController.Inference;

namespace FocusController.Bench;

/// <summary>
/// An estimator whose every call takes <paramref name="perFrame"/> of simulated time: the model runs for real, and the
/// clock is charged the time the bench measured for it (a warm-up median, so a run is repeatable and the host's load
/// during the bench does not leak into the figures).
/// </summary>
public sealed class SimulatedInferenceTime(IDefocusEstimator inner, VirtualClock clock, TimeSpan perFrame) : IDefocusEstimator
{
    public double RangeUm => inner.RangeUm;

    public double? NearFocusGain => inner.NearFocusGain;

    public DefocusEstimate Estimate(RgbImage frame)
    {
        var estimate = inner.Estimate(frame);
        clock.Advance(perFrame);
        return estimate with { Elapsed = perFrame };
    }
}
