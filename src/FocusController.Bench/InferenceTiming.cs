using System.Diagnostics;
using FocusController.Imaging;
using FocusController.Inference;
using FocusController.Simulation.Microscope;
using FocusController.Simulation.Sensor;

namespace FocusController.Bench;

/// <summary>
/// What one estimate costs on this host: the median wall time of <c>runs</c> estimates of a bench frame after a
/// warm-up (ONNX Runtime allocates and tunes on its first runs). The median, not each call's own time, is charged in
/// the bench, so the figures repeat and another process's load does not leak into them.
/// </summary>
public static class InferenceTiming
{
    public static TimeSpan MedianOf(IDefocusEstimator estimator, RgbImage frame, int runs = 15, int warmUp = 3)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        for (int i = 0; i < warmUp; i++)
        {
            estimator.Estimate(frame);
        }

        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long started = Stopwatch.GetTimestamp();
            estimator.Estimate(frame);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return TimeSpan.FromMilliseconds(Math.Round(times[runs / 2], 1));
    }

    /// <summary>A bench frame to time the model on: a tissue specimen 3 µm from focus.</summary>
    public static RgbImage SampleFrame(BenchRigSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var specimen = VirtualBenchRig.Specimen(settings, "tissue", BenchTrialPlan.FirstSpecimenSeed);
        var microscope = new VirtualMicroscope(specimen, settings.Optics, settings.FrameWidth, settings.FrameHeight, SensorModel.Default, _ => 3, settings.Cache);
        return microscope.Capture(3, new NoiseSource(1));
    }
}
