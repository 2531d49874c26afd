using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Rendering;

/// <summary>Chooses the simulation grid for a frame: fine enough for the optics, as large as the frame.</summary>
public static class SpecimenGrid
{
    /// <summary>
    /// Samples per camera pixel (along each axis) so the spacing is at most λ_min/(2(NA+NA_c)) (defocus-physics.md,
    /// "Sampling"); 1 for both shipped profiles, whose camera pixel is already finer than that.
    /// </summary>
    public static int SamplesPerPixel(OpticalSetup optics)
    {
        ArgumentNullException.ThrowIfNull(optics);
        return Math.Max(1, (int)Math.Ceiling((optics.Objective.PixelSizeUm / optics.MaxSpacingUm) - 1e-9));
    }

    /// <summary>
    /// The grid for a procedural specimen: the next powers of two holding the frame. The specimen is periodic on it, so
    /// the blur that reaches past the frame's edge brings in the specimen's own continuation, as a real slide would,
    /// instead of a wrapped-around artefact; no padding is needed.
    /// </summary>
    public static SimulationGrid ForFrame(OpticalSetup optics, int frameWidth, int frameHeight)
    {
        int bin = SamplesPerPixel(optics);
        return new SimulationGrid(
            SimulationGrid.PowerOfTwoAtLeast(frameWidth * bin),
            SimulationGrid.PowerOfTwoAtLeast(frameHeight * bin),
            optics.Objective.PixelSizeUm / bin);
    }
}
