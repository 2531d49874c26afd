using System.Numerics;
using FocusController.Imaging;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;

namespace FocusController.Simulation.Rendering;

/// <summary>
/// Renders frames of one specimen through one optical setup at any defocus: the specimen's spectrum is computed once,
/// transfer functions come from the shared cache, the frame is cut from the centre of the grid and binned to camera
/// pixels. Where field curvature or slide tilt make focus vary across the frame, the frame is blended from focal
/// planes 0.25 µm apart, each pixel interpolating between the two planes around its own defocus.
/// One renderer reuses its buffers: use it from one thread at a time.
/// </summary>
public sealed class SpecimenRenderer
{
    /// <summary>Focal planes for a field-dependent focus are at most this far apart, a fifth of the depth of field.</summary>
    public const double PlaneSpacingUm = 0.25;

    private readonly WeakObjectImager _imager;
    private readonly SpecimenSpectrum _spectrum;
    private readonly List<double[][]> _planes = [];
    private Complex[]? _scratch;

    public SpecimenRenderer(Specimen specimen, OpticalSetup optics, int frameWidth, int frameHeight, TransferFunctionCache cache, IntensityModel model = IntensityModel.Exponential)
    {
        ArgumentNullException.ThrowIfNull(specimen);
        ArgumentNullException.ThrowIfNull(optics);
        Bin = (int)Math.Round(optics.Objective.PixelSizeUm / specimen.SpacingUm);
        if (Bin < 1 || Math.Abs((Bin * specimen.SpacingUm) - optics.Objective.PixelSizeUm) > 1e-6 * optics.Objective.PixelSizeUm)
        {
            throw new ArgumentException($"specimen spacing {specimen.SpacingUm} um does not divide the pixel size {optics.Objective.PixelSizeUm} um", nameof(specimen));
        }

        if (frameWidth * Bin > specimen.Width || frameHeight * Bin > specimen.Height)
        {
            throw new ArgumentException($"a {frameWidth}x{frameHeight} frame needs a specimen of at least {frameWidth * Bin}x{frameHeight * Bin} samples, not {specimen.Width}x{specimen.Height}", nameof(specimen));
        }

        Specimen = specimen;
        Optics = optics;
        FrameWidth = frameWidth;
        FrameHeight = frameHeight;
        Model = model;
        _imager = new WeakObjectImager(cache);
        _spectrum = SpecimenSpectrum.Of(specimen, optics.Objective.WavelengthsUm);
    }

    public Specimen Specimen { get; }

    public OpticalSetup Optics { get; }

    public int FrameWidth { get; }

    public int FrameHeight { get; }

    public int Bin { get; }

    public IntensityModel Model { get; }

    private int OriginX => (Specimen.Width - (FrameWidth * Bin)) / 2;

    private int OriginY => (Specimen.Height - (FrameHeight * Bin)) / 2;

    /// <summary>Optical intensity per channel on the whole grid (1 = empty field), with field-dependent focus applied inside the frame. Fresh arrays.</summary>
    public double[][] Intensity(double zUm) => IntensityInto(zUm).Select(channel => (double[])channel.Clone()).ToArray();

    /// <summary>A camera frame at axis defocus <paramref name="zUm"/>; the noise comes from <paramref name="noise"/>.</summary>
    public RgbImage Render(double zUm, SensorModel sensor, NoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        var intensity = IntensityInto(zUm);
        return SensorSimulator.Capture(intensity, Specimen.Width, OriginX, OriginY, FrameWidth, FrameHeight, Bin, sensor, noise);
    }

    /// <summary>
    /// The noise-free frame's luminance at axis defocus <paramref name="zUm"/> (from the physical focal plane), in
    /// floating point and white-balanced (an empty field reads 1 in every channel): what the camera would see without
    /// noise, quantisation or vignetting. Fills <paramref name="into"/>, FrameWidth × FrameHeight values.
    /// </summary>
    public void NoiseFreeLuminance(double zUm, Span<float> into)
    {
        if (into.Length != FrameWidth * FrameHeight)
        {
            throw new ArgumentException($"the frame holds {FrameWidth * FrameHeight} pixels, not {into.Length}", nameof(into));
        }

        var intensity = IntensityInto(zUm);
        int width = Specimen.Width;
        double binArea = Bin * Bin;
        for (int y = 0; y < FrameHeight; y++)
        {
            for (int x = 0; x < FrameWidth; x++)
            {
                double r = 0, g = 0, b = 0;
                for (int by = 0; by < Bin; by++)
                {
                    int row = ((OriginY + (y * Bin) + by) * width) + OriginX + (x * Bin);
                    for (int bx = 0; bx < Bin; bx++)
                    {
                        r += intensity[0][row + bx];
                        g += intensity[1][row + bx];
                        b += intensity[2][row + bx];
                    }
                }

                into[(y * FrameWidth) + x] = Imaging.LuminanceBuffer.Luma(r / binArea, g / binArea, b / binArea);
            }
        }
    }

    // renders into buffers the renderer owns (so one renderer serves one thread), returns them
    private double[][] IntensityInto(double zUm)
    {
        if (!Optics.HasFieldDependentFocus)
        {
            return RenderPlane(0, zUm);
        }

        var (low, high) = FieldDefocusRange();
        int planes = Math.Max(2, (int)Math.Ceiling((high - low) / PlaneSpacingUm) + 1);
        double spacing = (high - low) / (planes - 1);
        if (spacing <= 0)
        {
            return RenderPlane(0, zUm + low);
        }

        var rendered = new double[planes][][];
        for (int p = 0; p < planes; p++)
        {
            rendered[p] = RenderPlane(p + 1, zUm + low + (p * spacing));
        }

        var result = Plane(0);
        int width = Specimen.Width;
        for (int gy = 0; gy < Specimen.Height; gy++)
        {
            double yUm = (gy - OriginY - ((FrameHeight * Bin) / 2.0)) * Specimen.SpacingUm;
            for (int gx = 0; gx < width; gx++)
            {
                double xUm = (gx - OriginX - ((FrameWidth * Bin) / 2.0)) * Specimen.SpacingUm;
                double position = (Optics.FieldDefocusUm(xUm, yUm) - low) / spacing;
                int p0 = Math.Clamp((int)Math.Floor(position), 0, planes - 2);
                double t = Math.Clamp(position - p0, 0, 1);
                int i = (gy * width) + gx;
                for (int c = 0; c < 3; c++)
                {
                    result[c][i] = ((1 - t) * rendered[p0][c][i]) + (t * rendered[p0 + 1][c][i]);
                }
            }
        }

        return result;
    }

    private double[][] RenderPlane(int slot, double zUm)
    {
        var plane = Plane(slot);
        _scratch ??= new Complex[Specimen.Width * Specimen.Height];
        _imager.RenderInto(_spectrum, Optics, zUm, Model, plane, _scratch);
        return plane;
    }

    private double[][] Plane(int slot)
    {
        while (_planes.Count <= slot)
        {
            int count = Specimen.Width * Specimen.Height;
            _planes.Add([new double[count], new double[count], new double[count]]);
        }

        return _planes[slot];
    }

    private (double Low, double High) FieldDefocusRange()
    {
        double halfWidth = FrameWidth * Optics.Objective.PixelSizeUm / 2;
        double halfHeight = FrameHeight * Optics.Objective.PixelSizeUm / 2;
        double low = double.MaxValue, high = double.MinValue;
        foreach (var (x, y) in new[] { (0.0, 0.0), (-halfWidth, -halfHeight), (halfWidth, -halfHeight), (-halfWidth, halfHeight), (halfWidth, halfHeight), (0, halfHeight), (0, -halfHeight), (halfWidth, 0), (-halfWidth, 0) })
        {
            double d = Optics.FieldDefocusUm(x, y);
            low = Math.Min(low, d);
            high = Math.Max(high, d);
        }

        return (low, high);
    }
}
