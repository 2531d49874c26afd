using System.Collections.Concurrent;
using System.Numerics;

namespace FocusController.Simulation.Fourier;

/// <summary>
/// An in-place iterative radix-2 FFT over spans of <see cref="Complex"/>. Written here rather than taken from
/// MathNet.Numerics because the renderer spends most of its time in FFTs and a plain span-based kernel with cached
/// twiddles is several times faster than MathNet's managed provider (see Fourier benchmarks); MathNet's 2-D transform
/// also throws on the managed provider. Forward uses e^{-2πi kx/n}; the inverse is unscaled (divide by n yourself).
/// </summary>
public sealed class Radix2Fft
{
    private static readonly ConcurrentDictionary<int, Radix2Fft> Plans = new();

    private readonly int[] _bitReverse;
    private readonly Complex[] _forwardTwiddles;
    private readonly Complex[] _inverseTwiddles;

    private Radix2Fft(int length)
    {
        Length = length;
        int bits = BitOperations.Log2((uint)length);
        _bitReverse = new int[length];
        for (int i = 0; i < length; i++)
        {
            int reversed = 0;
            for (int b = 0; b < bits; b++)
            {
                reversed |= ((i >> b) & 1) << (bits - 1 - b);
            }

            _bitReverse[i] = reversed;
        }

        int half = Math.Max(1, length / 2);
        _forwardTwiddles = new Complex[half];
        _inverseTwiddles = new Complex[half];
        for (int k = 0; k < half; k++)
        {
            double angle = -2 * Math.PI * k / length;
            _forwardTwiddles[k] = new Complex(Math.Cos(angle), Math.Sin(angle));
            _inverseTwiddles[k] = Complex.Conjugate(_forwardTwiddles[k]);
        }
    }

    public int Length { get; }

    /// <summary>The plan for a length (a power of two); plans are immutable and shared between threads.</summary>
    public static Radix2Fft ForLength(int length)
    {
        if (length < 1 || !BitOperations.IsPow2(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "FFT length must be a power of two");
        }

        return Plans.GetOrAdd(length, static n => new Radix2Fft(n));
    }

    public void Forward(Span<Complex> data) => Transform(data, _forwardTwiddles);

    public void Inverse(Span<Complex> data) => Transform(data, _inverseTwiddles);

    /// <summary>The index each position is swapped with before the butterflies; the 2-D column pass reuses it.</summary>
    internal ReadOnlySpan<int> BitReverse => _bitReverse;

    internal ReadOnlySpan<Complex> Twiddles(bool inverse) => inverse ? _inverseTwiddles : _forwardTwiddles;

    private void Transform(Span<Complex> data, Complex[] twiddles)
    {
        int n = Length;
        if (data.Length != n)
        {
            throw new ArgumentException($"span holds {data.Length} values; this plan transforms {n}", nameof(data));
        }

        for (int i = 0; i < n; i++)
        {
            int j = _bitReverse[i];
            if (j > i)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        for (int size = 2; size <= n; size <<= 1)
        {
            int half = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size)
            {
                for (int k = 0; k < half; k++)
                {
                    Complex w = twiddles[k * step];
                    Complex a = data[start + k];
                    Complex b = data[start + k + half];
                    double br = (b.Real * w.Real) - (b.Imaginary * w.Imaginary);
                    double bi = (b.Real * w.Imaginary) + (b.Imaginary * w.Real);
                    data[start + k] = new Complex(a.Real + br, a.Imaginary + bi);
                    data[start + k + half] = new Complex(a.Real - br, a.Imaginary - bi);
                }
            }
        }
    }
}
