using FocusController.Imaging;
using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// Where a generator paints a specimen: an optical-path map and an optical-density map per channel on a periodic
/// grid, in µm coordinates. Shapes that cross an edge continue on the other side, so the specimen tiles seamlessly.
/// </summary>
internal sealed class SpecimenCanvas
{
    private const double Ln10 = 2.302585092994046;

    public SpecimenCanvas(SimulationGrid grid, Random random)
    {
        Grid = grid;
        Random = random;
        OpticalPathUm = new double[grid.Count];
        OpticalDensity = [new double[grid.Count], new double[grid.Count], new double[grid.Count]];
    }

    public SimulationGrid Grid { get; }

    public Random Random { get; }

    public double WidthUm => Grid.Width * Grid.SpacingUm;

    public double HeightUm => Grid.Height * Grid.SpacingUm;

    public double AreaUm2 => WidthUm * HeightUm;

    public double[] OpticalPathUm { get; }

    /// <summary>Decadic optical density per channel (R, G, B).</summary>
    public double[][] OpticalDensity { get; }

    public double Uniform(double low, double high) => low + ((high - low) * Random.NextDouble());

    /// <summary>A count for a density per µm², at least <paramref name="minimum"/>.</summary>
    public int CountFor(double perUm2, int minimum = 0)
    {
        double mean = perUm2 * AreaUm2;
        int count = (int)Math.Floor(mean + Random.NextDouble());
        return Math.Max(minimum, count);
    }

    /// <summary>
    /// Paints a blob: at each sample inside it, <paramref name="profile"/>(ρ) (ρ = 0 at the centre, 1 on the outline)
    /// scales the optical path and the optical density added there.
    /// </summary>
    public void Paint(in Blob blob, Func<double, double> profile, double opticalPathUm, Rgb<double> density, double[]? texture = null, double textureDepth = 0)
    {
        double dx = Grid.SpacingUm;
        double reach = Math.Max(blob.RadiusXUm, blob.RadiusYUm) * blob.MaxOutlineScale;
        int x0 = (int)Math.Floor((blob.CentreXUm - reach) / dx);
        int x1 = (int)Math.Ceiling((blob.CentreXUm + reach) / dx);
        int y0 = (int)Math.Floor((blob.CentreYUm - reach) / dx);
        int y1 = (int)Math.Ceiling((blob.CentreYUm + reach) / dx);
        double cos = Math.Cos(blob.AngleRad);
        double sin = Math.Sin(blob.AngleRad);
        int width = Grid.Width;
        int height = Grid.Height;
        for (int py = y0; py <= y1; py++)
        {
            int row = ((py % height) + height) % height * width;
            double y = (py * dx) - blob.CentreYUm;
            for (int px = x0; px <= x1; px++)
            {
                double x = (px * dx) - blob.CentreXUm;
                double u = ((x * cos) + (y * sin)) / blob.RadiusXUm;
                double v = ((-x * sin) + (y * cos)) / blob.RadiusYUm;
                double r = Math.Sqrt((u * u) + (v * v));
                double rho = r / blob.OutlineScale(Math.Atan2(v, u));
                if (rho >= 1)
                {
                    continue;
                }

                double weight = profile(rho);
                if (weight == 0)
                {
                    continue;
                }

                int i = row + (((px % width) + width) % width);
                if (texture is not null)
                {
                    weight *= 1 + (textureDepth * texture[i]);
                }

                OpticalPathUm[i] += weight * opticalPathUm;
                OpticalDensity[0][i] += weight * density.R;
                OpticalDensity[1][i] += weight * density.G;
                OpticalDensity[2][i] += weight * density.B;
            }
        }
    }

    /// <summary>Adds a map everywhere: optical path and density scaled by <paramref name="map"/>.</summary>
    public void AddEverywhere(double[] map, double opticalPathUm, Rgb<double> density)
    {
        for (int i = 0; i < map.Length; i++)
        {
            OpticalPathUm[i] += map[i] * opticalPathUm;
            OpticalDensity[0][i] += map[i] * density.R;
            OpticalDensity[1][i] += map[i] * density.G;
            OpticalDensity[2][i] += map[i] * density.B;
        }
    }

    /// <summary>A random irregular outline: low harmonics of the radius, as cells and debris have.</summary>
    public double[] Harmonics(int count, double maxAmplitude)
    {
        var harmonics = new double[count * 2];
        for (int k = 0; k < count; k++)
        {
            harmonics[2 * k] = Uniform(0, maxAmplitude) / (k + 1);
            harmonics[(2 * k) + 1] = Uniform(0, 2 * Math.PI);
        }

        return harmonics;
    }

    public Specimen ToSpecimen(string kind)
    {
        var path = new float[Grid.Count];
        var absorption = new float[3][];
        for (int c = 0; c < 3; c++)
        {
            absorption[c] = new float[Grid.Count];
        }

        for (int i = 0; i < path.Length; i++)
        {
            path[i] = (float)OpticalPathUm[i];
            for (int c = 0; c < 3; c++)
            {
                // amplitude transmission √(10^−OD): μ = −½·ln10·OD; no matter is negative density
                absorption[c][i] = (float)(-0.5 * Ln10 * Math.Max(0, OpticalDensity[c][i]));
            }
        }

        return new Specimen(kind, Grid.Width, Grid.Height, Grid.SpacingUm, path, absorption);
    }
}

/// <summary>An ellipse with an optionally wavy outline: radius scaled by 1 + Σ a_k·cos((k+2)θ + p_k).</summary>
internal readonly record struct Blob(double CentreXUm, double CentreYUm, double RadiusXUm, double RadiusYUm, double AngleRad, double[]? Harmonics = null)
{
    public double MaxOutlineScale
    {
        get
        {
            if (Harmonics is null)
            {
                return 1;
            }

            double sum = 1;
            for (int k = 0; k < Harmonics.Length; k += 2)
            {
                sum += Math.Abs(Harmonics[k]);
            }

            return sum;
        }
    }

    public double OutlineScale(double theta)
    {
        if (Harmonics is null)
        {
            return 1;
        }

        double scale = 1;
        for (int k = 0; k < Harmonics.Length; k += 2)
        {
            scale += Harmonics[k] * Math.Cos((((k / 2) + 2) * theta) + Harmonics[k + 1]);
        }

        return Math.Max(0.3, scale);
    }
}

/// <summary>Radial profiles ρ → weight used by the generators.</summary>
internal static class Profiles
{
    /// <summary>A hemisphere-like dome, √(1−ρ²): a cell's thickness.</summary>
    public static double Dome(double rho) => Math.Sqrt(Math.Max(0, 1 - (rho * rho)));

    /// <summary>Flat top with a soft edge over the outer 15 %: a stained nucleus, a flat particle.</summary>
    public static double Plateau(double rho) => rho < 0.85 ? 1 : SmoothStep((1 - rho) / 0.15);

    /// <summary>A Gaussian-like bump that is zero at the outline.</summary>
    public static double Bump(double rho) => Math.Exp(-4 * rho * rho) * SmoothStep((1 - rho) / 0.3);

    /// <summary>Evans–Fung red cell thickness (µm per the 7.8 µm cell), normalised to peak 1; pallor sets the centre.</summary>
    public static Func<double, double> Biconcave(double pallor) => rho =>
    {
        double r2 = rho * rho;
        return Math.Sqrt(Math.Max(0, 1 - r2)) * ((0.81 * pallor) + (7.83 * r2) - (4.39 * r2 * r2)) / 2.6;
    };

    public static double SmoothStep(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - (2 * t));
    }
}
