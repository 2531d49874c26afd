using System.Numerics;
using FocusController.Simulation.Fourier;
using FocusController.Simulation.Specimens;

namespace FocusController.Simulation.Optics;

/// <summary>
/// The exact partially coherent image of a thin specimen (Abbe): I(x) = Σ_s S(u_s)·|F⁻¹{T(u − u_s)·P_z(u)}|², normalised
/// so the empty field reads 1. Source points sit on the grid's frequencies, so the shift of T is an index shift and,
/// the specimen being periodic, exact. One inverse FFT per source point: the test oracle, not the dataset path.
/// </summary>
public static class AbbeImager
{
    /// <param name="sourceStride">Use every n-th source point along each axis (1 = every grid point in the condenser disc).</param>
    public static double[] Render(Specimen specimen, OpticalSetup optics, int channel, double zUm, int sourceStride = 1)
    {
        ArgumentNullException.ThrowIfNull(specimen);
        ArgumentNullException.ThrowIfNull(optics);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceStride);
        var grid = new SimulationGrid(specimen.Width, specimen.Height, specimen.SpacingUm);
        int width = grid.Width;
        int height = grid.Height;
        double wavelength = optics.Objective.WavelengthsUm[channel];

        var spectrum = new Complex[grid.Count];
        var mu = specimen.Absorption[channel];
        for (int i = 0; i < spectrum.Length; i++)
        {
            spectrum[i] = Complex.Exp(new Complex(mu[i], specimen.PhaseAt(i, wavelength)));
        }

        Fft2D.Forward(spectrum, width, height);
        var pupil = PupilFunction.Build(grid, optics, channel, optics.ChannelDefocusUm(zUm, channel));
        var source = PupilFunction.Source(grid, optics, channel);

        var intensity = new double[grid.Count];
        var field = new Complex[grid.Count];
        double norm = 0;
        for (int sy = 0; sy < height; sy++)
        {
            if (SimulationGrid.SignedIndex(sy, height) % sourceStride != 0)
            {
                continue;
            }

            for (int sx = 0; sx < width; sx++)
            {
                double weight = source[(sy * width) + sx];
                if (weight == 0 || SimulationGrid.SignedIndex(sx, width) % sourceStride != 0)
                {
                    continue;
                }

                norm += weight * Complex.Abs(pupil[(sy * width) + sx]) * Complex.Abs(pupil[(sy * width) + sx]);
                for (int ky = 0; ky < height; ky++)
                {
                    int shiftedRow = ((ky - sy) & (height - 1)) * width;
                    for (int kx = 0; kx < width; kx++)
                    {
                        int i = (ky * width) + kx;
                        field[i] = pupil[i] == Complex.Zero ? Complex.Zero : spectrum[shiftedRow + ((kx - sx) & (width - 1))] * pupil[i];
                    }
                }

                Fft2D.InverseScaled(field, width, height);
                for (int i = 0; i < field.Length; i++)
                {
                    intensity[i] += weight * ((field[i].Real * field[i].Real) + (field[i].Imaginary * field[i].Imaginary));
                }
            }
        }

        if (norm > 0)
        {
            for (int i = 0; i < intensity.Length; i++)
            {
                intensity[i] /= norm;
            }
        }

        return intensity;
    }
}
