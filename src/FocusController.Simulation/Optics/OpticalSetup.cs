using FocusController.Imaging;

namespace FocusController.Simulation.Optics;

/// <summary>
/// The optics the simulator images through: an <see cref="ObjectiveProfile"/> plus what a real microscope adds to it
/// and the profile does not describe (simulator-only): a coverslip thicker or thinner than the objective was designed
/// for (spherical aberration), a condenser not centred (tilted illumination), field curvature and a tilted slide.
/// These break the symmetry between +z and −z that a model needs to learn the sign of defocus.
/// </summary>
public sealed record OpticalSetup
{
    /// <summary>Refractive index of cover glass (borosilicate).</summary>
    public const double CoverGlassIndex = 1.523;

    public required ObjectiveProfile Objective { get; init; }

    /// <summary>Coverslip thickness minus the objective's design thickness (0.17 mm), µm; ±10 µm is an ordinary #1.5 slip.</summary>
    public double CoverslipErrorUm { get; init; }

    /// <summary>Offset of the condenser's illumination cone in the pupil, in NA units (sine of the tilt), x and y.</summary>
    public double CondenserTiltX { get; init; }

    public double CondenserTiltY { get; init; }

    /// <summary>Field curvature: extra defocus at a distance r from the optical axis is c·r², c in µm per mm².</summary>
    public double FieldCurvatureUmPerMm2 { get; init; }

    /// <summary>Slide tilt: extra defocus grows by this many µm per mm along x and along y.</summary>
    public double SampleTiltXUmPerMm { get; init; }

    public double SampleTiltYUmPerMm { get; init; }

    public static OpticalSetup Nominal(ObjectiveProfile objective) => new() { Objective = objective };

    /// <summary>The defocus a colour channel sees when the axis is <paramref name="zUm"/> from focus (axial colour moves its focus).</summary>
    public double ChannelDefocusUm(double zUm, int channel) => zUm - Objective.AxialColourUm[channel];

    /// <summary>True when the focus varies across the field, so a frame is blended from several focal planes.</summary>
    public bool HasFieldDependentFocus =>
        FieldCurvatureUmPerMm2 != 0 || SampleTiltXUmPerMm != 0 || SampleTiltYUmPerMm != 0;

    /// <summary>The coarsest sample spacing that keeps every partially coherent frequency, λ_min / (2(NA + NA_c + tilt)).</summary>
    public double MaxSpacingUm
    {
        get
        {
            var w = Objective.WavelengthsUm;
            double shortest = Math.Min(w.R, Math.Min(w.G, w.B));
            double tilt = Math.Sqrt((CondenserTiltX * CondenserTiltX) + (CondenserTiltY * CondenserTiltY));
            return shortest / (2 * (Objective.NumericalAperture + Objective.CondenserNumericalAperture + tilt));
        }
    }

    /// <summary>Lateral reach of the defocus blur on each side, 2·|z|·NA/√(n²−NA²) (defocus-physics.md), µm.</summary>
    public double BlurWidthUm(double zUm)
    {
        double na = Objective.NumericalAperture;
        double n = Objective.ImmersionIndex;
        return 2 * Math.Abs(zUm) * na / Math.Sqrt((n * n) - (na * na));
    }

    /// <summary>Extra defocus at (x, y) µm from the optical axis from field curvature and slide tilt.</summary>
    public double FieldDefocusUm(double xUm, double yUm)
    {
        double xMm = xUm / 1000;
        double yMm = yUm / 1000;
        return (FieldCurvatureUmPerMm2 * ((xMm * xMm) + (yMm * yMm))) + (SampleTiltXUmPerMm * xMm) + (SampleTiltYUmPerMm * yMm);
    }
}
