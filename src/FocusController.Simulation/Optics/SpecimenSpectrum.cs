using System.Numerics;
using FocusController.Imaging;
using FocusController.Simulation.Fourier;
using FocusController.Simulation.Specimens;

namespace FocusController.Simulation.Optics;

/// <summary>
/// F{μ_c + iφ_c} of each colour channel: computed once per specimen, so rendering a whole stack costs only the
/// inverse transforms.
/// </summary>
public sealed class SpecimenSpectrum
{
    private SpecimenSpectrum(SimulationGrid grid, Complex[][] channels)
    {
        Grid = grid;
        Channels = channels;
    }

    public SimulationGrid Grid { get; }

    public Complex[][] Channels { get; }

    public static SpecimenSpectrum Of(Specimen specimen, Rgb<double> wavelengthsUm)
    {
        ArgumentNullException.ThrowIfNull(specimen);
        var grid = new SimulationGrid(specimen.Width, specimen.Height, specimen.SpacingUm);
        var channels = new Complex[3][];
        for (int c = 0; c < 3; c++)
        {
            var data = new Complex[grid.Count];
            var mu = specimen.Absorption[c];
            double phasePerPath = 2 * Math.PI / wavelengthsUm[c];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = new Complex(mu[i], phasePerPath * specimen.OpticalPathUm[i]);
            }

            Fft2D.Forward(data, grid.Width, grid.Height);
            channels[c] = data;
        }

        return new SpecimenSpectrum(grid, channels);
    }
}
