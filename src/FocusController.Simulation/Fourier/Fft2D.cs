using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        bool vectorised = Vector256.IsHardwareAccelerated && width >= 2;
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
                    if (vectorised)
                    {
                        Butterflies(top, bottom, w);
                        continue;
                    }

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

    // top, bottom ← top + w·bottom, top − w·bottom, two complex numbers per vector
    private static void Butterflies(Span<Complex> top, Span<Complex> bottom, Complex w)
    {
        ref double t = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<Complex, double>(top));
        ref double b = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<Complex, double>(bottom));
        var wr = Vector256.Create(w.Real);
        var wi = Vector256.Create(-w.Imaginary, w.Imaginary, -w.Imaginary, w.Imaginary);
        nuint count = (nuint)(2 * top.Length);
        for (nuint x = 0; x < count; x += 4)
        {
            var a = Vector256.LoadUnsafe(ref t, x);
            var v = Vector256.LoadUnsafe(ref b, x);
            var product = (v * wr) + (Radix2Fft.Swap(v) * wi);
            (a + product).StoreUnsafe(ref t, x);
            (a - product).StoreUnsafe(ref b, x);
        }
    }
}
