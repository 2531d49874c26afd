using FocusController.Imaging;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;

namespace FocusController.Simulation.Microscope;

/// <summary>
/// A specimen on a stage under simulated optics and camera: what the camera sees when the focus axis is some distance
/// from focus. Defocus is measured from the field's clarity plane (<see cref="ClarityPlane"/>), the plane a person or
/// <c>collect</c> calls in focus, never from the physical focal plane, which is kept as <see cref="FocalPlaneUm"/> for
/// the physics. The defocus at a moment comes from <c>defocusAt</c> (the simulated stage supplies it), so a frame
/// exposed while the knob turns sees the mean defocus over its exposure. Defocus is rounded to 0.01 µm, far inside
/// the depth of field, so transfer functions are reused as the loop revisits positions. Thread-safe.
/// </summary>
public sealed class VirtualMicroscope
{
    /// <summary>Defocus resolution of rendered frames, µm.</summary>
    public const double DefocusResolutionUm = 0.01;

    private readonly FieldRenderer _renderer;
    private readonly Func<DateTimeOffset, double> _defocusAt;
    private readonly Lock _lock = new();

    /// <param name="focalPlaneUm">Where the physical focal plane lies from the clarity plane, when already found for this
    /// specimen, optics and frame; null finds it (about fifty noise-free frames).</param>
    public VirtualMicroscope(
        Specimen specimen, OpticalSetup optics, int frameWidth, int frameHeight, SensorModel sensor, Func<DateTimeOffset, double> defocusAt, TransferFunctionCache? cache = null, double? focalPlaneUm = null)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        sensor.Validate();
        _defocusAt = defocusAt ?? throw new ArgumentNullException(nameof(defocusAt));
        var renderer = new SpecimenRenderer(specimen, optics, frameWidth, frameHeight, cache ?? new TransferFunctionCache());
        _renderer = focalPlaneUm is { } known ? new FieldRenderer(renderer, known) : new FieldRenderer(renderer);
        Sensor = sensor;
    }

    /// <summary>Where the physical focal plane lies, as a defocus from the clarity plane, µm (metadata for physics and logs).</summary>
    public double FocalPlaneUm => _renderer.FocalPlaneUm;

    public SensorModel Sensor { get; }

    public int FrameWidth => _renderer.FrameWidth;

    public int FrameHeight => _renderer.FrameHeight;

    /// <summary>A procedural specimen of <paramref name="kind"/> sized for the frame.</summary>
    public static VirtualMicroscope WithProceduralSpecimen(
        string kind, int seed, OpticalSetup optics, int frameWidth, int frameHeight, SensorModel sensor, Func<DateTimeOffset, double> defocusAt, TransferFunctionCache? cache = null)
    {
        var specimen = SpecimenKinds.ForFrame(kind, optics, frameWidth, frameHeight, seed);
        return new VirtualMicroscope(specimen, optics, frameWidth, frameHeight, sensor, defocusAt, cache);
    }

    /// <summary>Mean defocus over an exposure, sampled at five instants (start, end and between).</summary>
    public double MeanDefocusUm(DateTimeOffset exposureStart, TimeSpan exposure)
    {
        const int Samples = 5;
        double sum = 0;
        for (int i = 0; i < Samples; i++)
        {
            sum += _defocusAt(exposureStart + (exposure * (i / (double)(Samples - 1))));
        }

        return sum / Samples;
    }

    /// <summary>The frame exposed from <paramref name="exposureStart"/> for <paramref name="exposure"/>.</summary>
    public RgbImage Expose(DateTimeOffset exposureStart, TimeSpan exposure, NoiseSource noise)
    {
        double z = Math.Round(MeanDefocusUm(exposureStart, exposure) / DefocusResolutionUm) * DefocusResolutionUm;
        return Capture(z, noise);
    }

    /// <summary>The frame at a fixed defocus from the clarity plane, µm.</summary>
    public RgbImage Capture(double defocusUm, NoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        lock (_lock)
        {
            return _renderer.Render(defocusUm, Sensor, noise);
        }
    }
}
