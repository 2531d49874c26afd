using System.Runtime.CompilerServices;
using FocusController.Camera;
using FocusController.Imaging;
using FocusController.Simulation.Microscope;

namespace FocusController.Bench;

/// <summary>
/// The simulated camera, with the true defocus of every frame it delivers kept beside it (the mean over the exposure,
/// sampled as <see cref="VirtualMicroscope.MeanDefocusUm"/> does, but not rounded to the render resolution): for the
/// bench's figures, and for a truth-based estimator in tests.
/// </summary>
public sealed class TruthRecordingCamera(ICamera inner, Func<DateTimeOffset, double> trueDefocusAt) : ICamera
{
    private readonly ConditionalWeakTable<RgbImage, StrongBox<double>> _truths = [];
    private readonly List<double> _log = [];

    public CameraState State => inner.State;

    /// <summary>The true defocus of each frame delivered, in order, µm.</summary>
    public IReadOnlyList<double> FrameDefocusUm => _log;

    public async ValueTask<CapturedFrame> GetFrameAsync(DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var frame = await inner.GetFrameAsync(notBefore, cancellationToken).ConfigureAwait(false);
        double truth = MeanOver(frame.ExposureStart, frame.Exposure);
        _truths.AddOrUpdate(frame.Image, new StrongBox<double>(truth));
        _log.Add(truth);
        return frame;
    }

    /// <summary>The true defocus of a frame this camera delivered.</summary>
    public bool TryGetTruth(RgbImage frame, out double defocusUm)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_truths.TryGetValue(frame, out var box))
        {
            defocusUm = box.Value;
            return true;
        }

        defocusUm = double.NaN;
        return false;
    }

    /// <summary>Forgets the frames so far (the log restarts).</summary>
    public void ClearLog() => _log.Clear();

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private double MeanOver(DateTimeOffset start, TimeSpan exposure)
    {
        const int Samples = 5;
        double sum = 0;
        for (int i = 0; i < Samples; i++)
        {
            sum += trueDefocusAt(start + (exposure * (i / (double)(Samples - 1))));
        }

        return sum / Samples;
    }
}
