using System.Numerics;
using FocusController.Simulation.Fourier;
using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// Periodic random texture with structure between two length scales: white noise filtered in Fourier space
/// (so it tiles), zero mean, unit standard deviation.
/// </summary>
internal static class BandLimitedNoise
{
    public static double[] Create(SimulationGrid grid, Random random, double finestPeriodUm, double coarsestPeriodUm)
    {
        var data = new Complex[grid.Count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = new Complex(Gaussian(random), 0);
        }

        Fft2D.Forward(data, grid.Width, grid.Height);
        double high = 1 / finestPeriodUm;
        double low = 1 / coarsestPeriodUm;
        for (int ky = 0; ky < grid.Height; ky++)
        {
            double fy = SimulationGrid.SignedIndex(ky, grid.Height) * grid.FrequencyStepY;
            for (int kx = 0; kx < grid.Width; kx++)
            {
                double fx = SimulationGrid.SignedIndex(kx, grid.Width) * grid.FrequencyStepX;
                double f = Math.Sqrt((fx * fx) + (fy * fy));
                // soft band: rises past the coarse scale, falls past the fine one
                double gain = f == 0 ? 0 : (1 - Math.Exp(-(f / low) * (f / low))) * Math.Exp(-(f / high) * (f / high));
                data[(ky * grid.Width) + kx] *= gain;
            }
        }

        Fft2D.InverseScaled(data, grid.Width, grid.Height);
        var result = new double[grid.Count];
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = data[i].Real;
            sum += result[i];
            sumSquares += result[i] * result[i];
        }

        double mean = sum / result.Length;
        double std = Math.Sqrt(Math.Max(1e-30, (sumSquares / result.Length) - (mean * mean)));
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (result[i] - mean) / std;
        }

        return result;
    }

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
