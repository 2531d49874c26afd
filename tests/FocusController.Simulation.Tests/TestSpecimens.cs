using FocusController.Simulation.Optics;
using FocusController.Simulation.Specimens;

namespace FocusController.Simulation.Tests;

/// <summary>Small analytic specimens for physics checks.</summary>
internal static class TestSpecimens
{
    /// <summary>A Gaussian bump of phase (radians at each channel's own wavelength) and/or absorption at the grid centre.</summary>
    public static Specimen Bump(SimulationGrid grid, double phaseRad, double amplitudeTransmission, double sigmaUm, double wavelengthUm = 0.55)
    {
        var path = new float[grid.Count];
        var mu = new float[grid.Count];
        double muPeak = Math.Log(amplitudeTransmission);
        for (int y = 0; y < grid.Height; y++)
        {
            for (int x = 0; x < grid.Width; x++)
            {
                double dx = (x - (grid.Width / 2)) * grid.SpacingUm;
                double dy = (y - (grid.Height / 2)) * grid.SpacingUm;
                double g = Math.Exp(-((dx * dx) + (dy * dy)) / (2 * sigmaUm * sigmaUm));
                path[(y * grid.Width) + x] = (float)(phaseRad * g * wavelengthUm / (2 * Math.PI));
                mu[(y * grid.Width) + x] = (float)(muPeak * g);
            }
        }

        return new Specimen("test", grid.Width, grid.Height, grid.SpacingUm, path, [mu, (float[])mu.Clone(), (float[])mu.Clone()]);
    }

    /// <summary>A disc of uniform phase and absorption, soft over one sample, at the grid centre.</summary>
    public static Specimen Disc(SimulationGrid grid, double phaseRad, double amplitudeTransmission, double radiusUm, double wavelengthUm = 0.55)
    {
        var path = new float[grid.Count];
        var mu = new float[grid.Count];
        double muPeak = Math.Log(amplitudeTransmission);
        for (int y = 0; y < grid.Height; y++)
        {
            for (int x = 0; x < grid.Width; x++)
            {
                double r = Math.Sqrt(Math.Pow((x - (grid.Width / 2)) * grid.SpacingUm, 2) + Math.Pow((y - (grid.Height / 2)) * grid.SpacingUm, 2));
                double w = Math.Clamp((radiusUm - r) / grid.SpacingUm + 0.5, 0, 1);
                path[(y * grid.Width) + x] = (float)(phaseRad * w * wavelengthUm / (2 * Math.PI));
                mu[(y * grid.Width) + x] = (float)(muPeak * w);
            }
        }

        return new Specimen("test", grid.Width, grid.Height, grid.SpacingUm, path, [mu, (float[])mu.Clone(), (float[])mu.Clone()]);
    }

    /// <summary>Optics of a profile with every channel at 0.55 µm and no axial colour: a monochrome microscope.</summary>
    public static OpticalSetup Monochrome(FocusController.Imaging.ObjectiveProfile profile) => OpticalSetup.Nominal(profile with
    {
        WavelengthsUm = new(0.55, 0.55, 0.55),
        AxialColourUm = new(0, 0, 0),
    });

    public static double Centre(double[] image, SimulationGrid grid) => image[((grid.Height / 2) * grid.Width) + (grid.Width / 2)];
}
