using FocusController.Imaging;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// A specimen made from an in-focus brightfield image, one image pixel per camera pixel in the specimen plane.
/// Absorption: μ_c = ½·ln(I_c/I_bg,c), with I_bg,c the channel's 99.5th percentile (the empty glass).
/// Phase, which one image does not carry: proportional to the optical density averaged over the channels,
/// φ(550 nm) = scale · OD/OD_max, so it is largest where there is most matter and zero on clear glass
/// (defocus-physics.md: 0.2–1.5 rad).
/// The grid holds the frame plus the blur reach at the largest |z| on each side; the image's own surroundings fill
/// it, mirrored where the image ends, so the FFT's wrap-around never reaches the frame.
/// </summary>
public static class ImageSpecimen
{
    public const double MinPhaseScaleRad = 0.2;
    public const double MaxPhaseScaleRad = 1.5;
    public const int MaxGridSide = 4096;

    public static Specimen Create(RgbImage image, OpticalSetup optics, int frameWidth, int frameHeight, double maxAbsZUm, double phaseScaleRad = 1.0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(optics);
        if (phaseScaleRad is < MinPhaseScaleRad or > MaxPhaseScaleRad)
        {
            throw new ArgumentOutOfRangeException(nameof(phaseScaleRad), phaseScaleRad, $"phase scale is {MinPhaseScaleRad} to {MaxPhaseScaleRad} rad");
        }

        if (image.Width < frameWidth || image.Height < frameHeight)
        {
            throw new ArgumentException($"the specimen image is {image.Width}x{image.Height}; a {frameWidth}x{frameHeight} frame needs at least that many pixels", nameof(image));
        }

        int bin = SpecimenGrid.SamplesPerPixel(optics);
        int reach = (int)Math.Ceiling(optics.BlurWidthUm(maxAbsZUm) / 2 / optics.Objective.PixelSizeUm) + 2;
        int width = SimulationGrid.PowerOfTwoAtLeast((frameWidth + (2 * reach)) * bin);
        int height = SimulationGrid.PowerOfTwoAtLeast((frameHeight + (2 * reach)) * bin);
        if (width > MaxGridSide || height > MaxGridSide)
        {
            throw new ArgumentException($"a {frameWidth}x{frameHeight} frame at |z| up to {maxAbsZUm} um needs a {width}x{height} grid; at most {MaxGridSide} per side");
        }

        var grid = new SimulationGrid(width, height, optics.Objective.PixelSizeUm / bin);
        var background = new double[3];
        for (int c = 0; c < 3; c++)
        {
            background[c] = Math.Max(1, Percentile(image, c, 0.995));
        }

        // centre of the image on the centre of the grid; outside the image, mirror it
        int offsetX = (image.Width / 2) - (width / bin / 2);
        int offsetY = (image.Height / 2) - (height / bin / 2);
        var path = new float[grid.Count];
        var absorption = new float[][] { new float[grid.Count], new float[grid.Count], new float[grid.Count] };
        var density = new double[grid.Count];
        double maxDensity = 0;
        for (int gy = 0; gy < height; gy++)
        {
            int iy = Mirror(offsetY + (gy / bin), image.Height);
            var row = image.ReadOnlyRow(iy);
            for (int gx = 0; gx < width; gx++)
            {
                int ix = Mirror(offsetX + (gx / bin), image.Width);
                int i = (gy * width) + gx;
                double od = 0;
                for (int c = 0; c < 3; c++)
                {
                    double ratio = Math.Clamp(Math.Max(0.5, row[(ix * 3) + c]) / background[c], 1e-3, 1);
                    absorption[c][i] = (float)(0.5 * Math.Log(ratio));
                    od -= Math.Log(ratio) / 3;
                }

                density[i] = od;
                maxDensity = Math.Max(maxDensity, od);
            }
        }

        double pathPerDensity = maxDensity > 0 ? phaseScaleRad / maxDensity * ObjectiveProfile.ReferenceWavelengthUm / (2 * Math.PI) : 0;
        for (int i = 0; i < path.Length; i++)
        {
            path[i] = (float)(density[i] * pathPerDensity);
        }

        return new Specimen("image", width, height, grid.SpacingUm, path, absorption);
    }

    private static int Mirror(int i, int n)
    {
        int period = 2 * n;
        i = ((i % period) + period) % period;
        return i < n ? i : period - 1 - i;
    }

    private static double Percentile(RgbImage image, int channel, double fraction)
    {
        var histogram = new int[256];
        var pixels = image.Pixels;
        for (int i = channel; i < pixels.Length; i += 3)
        {
            histogram[pixels[i]]++;
        }

        long target = (long)(fraction * (pixels.Length / 3));
        long seen = 0;
        for (int v = 0; v < 256; v++)
        {
            seen += histogram[v];
            if (seen > target)
            {
                return v;
            }
        }

        return 255;
    }
}
