using FocusController.Imaging;
using FocusController.Simulation.Sensor;

namespace FocusController.Simulation.Rendering;

/// <summary>
/// Renders one field with its defocus measured from the field's clarity plane (<see cref="ClarityPlane"/>), the truth
/// that labels, the bench, tracking figures and logs all use (docs/contracts.md, "Where focus is"). The physical focal
/// plane is kept only as <see cref="FocalPlaneUm"/>, for the physics tests and the dataset's metadata.
/// Finding the clarity plane renders about fifty noise-free frames, once per field. Not thread-safe (its renderer is not).
/// </summary>
public sealed class FieldRenderer
{
    public FieldRenderer(SpecimenRenderer renderer)
        : this(renderer, -ClarityPlane.Find(renderer ?? throw new ArgumentNullException(nameof(renderer))))
    {
    }

    /// <summary>A field whose clarity plane is already known (the same specimen and optics found it before).</summary>
    public FieldRenderer(SpecimenRenderer renderer, double focalPlaneUm)
    {
        Optical = renderer ?? throw new ArgumentNullException(nameof(renderer));
        FocalPlaneUm = focalPlaneUm;
    }

    /// <summary>The renderer in physical coordinates (z from the physical focal plane).</summary>
    public SpecimenRenderer Optical { get; }

    /// <summary>Where the physical focal plane lies, as a defocus from the clarity plane, µm.</summary>
    public double FocalPlaneUm { get; }

    public int FrameWidth => Optical.FrameWidth;

    public int FrameHeight => Optical.FrameHeight;

    /// <summary>A camera frame with the axis <paramref name="zUm"/> from the clarity plane.</summary>
    public RgbImage Render(double zUm, SensorModel sensor, NoiseSource noise) => Optical.Render(PhysicalDefocusUm(zUm), sensor, noise);

    /// <summary>The defocus from the physical focal plane of a defocus from the clarity plane.</summary>
    public double PhysicalDefocusUm(double zUm) => zUm - FocalPlaneUm;
}
