using System.Numerics;
using FocusController.Simulation.Fourier;

namespace FocusController.Simulation.Optics;

/// <summary>
/// The fast image: per channel I = f(2·Re F⁻¹{C_z·F{μ + iφ}}) with cached transfer functions C_z. Two channels share
/// one inverse FFT (real and imaginary parts), so a colour frame costs two inverse FFTs.
/// </summary>
public sealed class WeakObjectImager
{
    private readonly TransferFunctionCache _cache;

    public WeakObjectImager(TransferFunctionCache cache)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
    }

    /// <summary>Intensity of each channel (background 1) on the specimen's grid at axis defocus <paramref name="zUm"/>.</summary>
    public double[][] Render(SpecimenSpectrum spectrum, OpticalSetup optics, double zUm, IntensityModel model)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        var result = new double[3][] { new double[spectrum.Grid.Count], new double[spectrum.Grid.Count], new double[spectrum.Grid.Count] };
        RenderInto(spectrum, optics, zUm, model, result, new Complex[spectrum.Grid.Count]);
        return result;
    }

    /// <summary>As <see cref="Render"/>, into caller-owned arrays (three of grid size, and a scratch buffer), allocating nothing.</summary>
    public void RenderInto(SpecimenSpectrum spectrum, OpticalSetup optics, double zUm, IntensityModel model, double[][] result, Complex[] buffer)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        ArgumentNullException.ThrowIfNull(optics);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(buffer);
        var grid = spectrum.Grid;

        // channels 0 and 1 in one transform, channel 2 alone
        Accumulate(buffer, spectrum, optics, zUm, channel: 0, imaginary: false, clear: true);
        Accumulate(buffer, spectrum, optics, zUm, channel: 1, imaginary: true, clear: false);
        Fft2D.InverseScaled(buffer, grid.Width, grid.Height);
        for (int i = 0; i < buffer.Length; i++)
        {
            result[0][i] = Apply(buffer[i].Real, model);
            result[1][i] = Apply(buffer[i].Imaginary, model);
        }

        Accumulate(buffer, spectrum, optics, zUm, channel: 2, imaginary: false, clear: true);
        Fft2D.InverseScaled(buffer, grid.Width, grid.Height);
        for (int i = 0; i < buffer.Length; i++)
        {
            result[2][i] = Apply(buffer[i].Real, model);
        }
    }

    private static double Apply(double delta, IntensityModel model) =>
        model == IntensityModel.Exponential ? Math.Exp(delta) : 1 + delta;

    // adds Y(u) + Y*(−u), Y = C·Z (whose inverse FFT is 2·Re F⁻¹{Y}), to the real or the imaginary part
    private void Accumulate(Complex[] buffer, SpecimenSpectrum spectrum, OpticalSetup optics, double zUm, int channel, bool imaginary, bool clear)
    {
        var grid = spectrum.Grid;
        var transfer = _cache.Get(grid, optics, channel, optics.ChannelDefocusUm(zUm, channel)).Values;
        var z = spectrum.Channels[channel];
        int width = grid.Width;
        int height = grid.Height;
        for (int ky = 0; ky < height; ky++)
        {
            int mirrorRow = ((height - ky) & (height - 1)) * width;
            int row = ky * width;
            for (int kx = 0; kx < width; kx++)
            {
                int i = row + kx;
                int m = mirrorRow + ((width - kx) & (width - 1));
                Complex y = transfer[i] * z[i];
                Complex ym = transfer[m] * z[m];
                double re = y.Real + ym.Real;
                double im = y.Imaginary - ym.Imaginary;
                Complex term = imaginary ? new Complex(-im, re) : new Complex(re, im);
                buffer[i] = clear ? term : buffer[i] + term;
            }
        }
    }
}
