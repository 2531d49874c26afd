using System.Numerics;

namespace FocusController.Simulation.Fourier;

/// <summary>
/// 2-D FFT of a row-major width×height array (both powers of two): rows with <see cref="Radix2Fft"/>, then the
/// columns by butterflies over whole rows, so the inner loop runs along contiguous memory instead of striding.
/// The inverse is unscaled.
/// </summary>
public static class Fft2D
{
    public static void Forward(Span<Complex> data, int width, int height) => Transform(data, width, height, inverse: false);

    public static void Inverse(Span<Complex> data, int width, int height) => Transform(data, width, height, inverse: true);

    /// <summary>Inverse transform divided by width×height, so Inverse(Forward(x)) is x.</summary>
    public static void InverseScaled(Span<Complex> data, int width, int height)
    {
        Transform(data, width, height, inverse: true);
        double scale = 1.0 / (width * (double)height);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] *= scale;
        }
    }

    private static void Transform(Span<Complex> data, int width, int height, bool inverse)
    {
        if (data.Length != width * height)
        {
            throw new ArgumentException($"span holds {data.Length} values, not {width}x{height}", nameof(data));
        }

        var rowPlan = Radix2Fft.ForLength(width);
        for (int y = 0; y < height; y++)
        {
            var row = data.Slice(y * width, width);
            if (inverse)
            {
                rowPlan.Inverse(row);
            }
            else
            {
                rowPlan.Forward(row);
            }
        }

        TransformColumns(data, width, height, inverse);
    }

    private static void SwapRows(Span<Complex> a, Span<Complex> b)
    {
        for (int x = 0; x < a.Length; x++)
        {
            (a[x], b[x]) = (b[x], a[x]);
        }
    }

    private static void TransformColumns(Span<Complex> data, int width, int height, bool inverse)
    {
        if (height == 1)
        {
            return;
        }

        var plan = Radix2Fft.ForLength(height);
        var reverse = plan.BitReverse;
        for (int y = 0; y < height; y++)
        {
            int j = reverse[y];
            if (j > y)
            {
                SwapRows(data.Slice(y * width, width), data.Slice(j * width, width));
            }
        }

        var twiddles = plan.Twiddles(inverse);
        for (int size = 2; size <= height; size <<= 1)
        {
            int half = size >> 1;
            int step = height / size;
            for (int start = 0; start < height; start += size)
            {
                for (int k = 0; k < half; k++)
                {
                    Complex w = twiddles[k * step];
                    var top = data.Slice((start + k) * width, width);
                    var bottom = data.Slice((start + k + half) * width, width);
                    for (int x = 0; x < width; x++)
                    {
                        Complex a = top[x];
                        Complex b = bottom[x];
                        double br = (b.Real * w.Real) - (b.Imaginary * w.Imaginary);
                        double bi = (b.Real * w.Imaginary) + (b.Imaginary * w.Real);
                        top[x] = new Complex(a.Real + br, a.Imaginary + bi);
                        bottom[x] = new Complex(a.Real - br, a.Imaginary - bi);
                    }
                }
            }
        }
    }
}
