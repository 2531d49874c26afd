using FocusController.Imaging;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// A specimen made from an in-focus image, one image pixel per camera pixel in the specimen plane: never upscaled,
/// so the in-focus frame is as sharp as the optics allow (a camera pixel is finer than either objective resolves).
/// Absorption: μ_c = ½·ln(I_c/I_bg,c), with I_bg,c the channel's 99.5th percentile (the empty glass).
/// Phase, which one image does not carry, comes from the matter of a class of specimen (<see cref="ImageMatter"/>):
/// the image's optical density averaged over the channels, relative to its densest point, is taken as the fraction
/// of the class's thickness there, so φ_c = 2π·Δn·t·OD/OD_max/λ_c, largest where there is most matter, zero on glass.
/// The grid holds the frame plus the blur reach at the largest |z| (and the clarity plane's search) on each side; the
/// image's own surroundings fill it, mirrored where the image ends, so the FFT's wrap-around never reaches the frame.
/// </summary>
public static class ImageSpecimen
{
    public const int MaxGridSide = 4096;

    public static Specimen Create(RgbImage image, OpticalSetup optics, int frameWidth, int frameHeight, double maxAbsZUm, ImageMatter matter)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(optics);
        ArgumentNullException.ThrowIfNull(matter);

        if (image.Width < frameWidth || image.Height < frameHeight)
        {
            throw new ArgumentException($"the specimen image is {image.Width}x{image.Height}; a {frameWidth}x{frameHeight} frame needs at least that many pixels", nameof(image));
        }

        int bin = SpecimenGrid.SamplesPerPixel(optics);
        int reach = (int)Math.Ceiling(optics.BlurWidthUm(maxAbsZUm + Rendering.ClarityPlane.SearchHalfRangeUm) / 2 / optics.Objective.PixelSizeUm) + 2;
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

        double pathPerDensity = maxDensity > 0 ? SpecimenClass.OpticalPathUm(matter.ThicknessUm, matter.IndexDifference) / maxDensity : 0;
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

/// <summary>The matter an image specimen is taken to be: a class, and its thickness and index difference drawn from that class.</summary>
public sealed record ImageMatter(SpecimenClass Class, double ThicknessUm, double IndexDifference)
{
    /// <summary>A class drawn at random, then its quantities within the class's ranges.</summary>
    public static ImageMatter Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Draw(SpecimenClass.All[random.Next(SpecimenClass.All.Count)], random);
    }

    public static ImageMatter Draw(SpecimenClass matter, Random random)
    {
        ArgumentNullException.ThrowIfNull(matter);
        ArgumentNullException.ThrowIfNull(random);
        return new ImageMatter(matter, matter.ThicknessUm.Draw(random), matter.IndexDifference.Draw(random));
    }
}
