using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FocusController.Simulation.Fourier;

/// <summary>
/// An in-place iterative radix-2 FFT over spans of <see cref="Complex"/>, vectorised with <see cref="Vector256"/>
/// (two complex numbers per vector) where the hardware has it. Written here rather than taken from
/// MathNet.Numerics because the renderer spends most of its time in FFTs and this kernel is several times faster than
/// MathNet's managed provider (FftBenchmarks); MathNet's 2-D transform also throws on the managed provider.
/// Forward uses e^{-2πi kx/n}; the inverse is unscaled (divide by n yourself).
/// </summary>
public sealed class Radix2Fft
{
    private static readonly ConcurrentDictionary<int, Radix2Fft> Plans = new();

    private readonly int[] _bitReverse;
    private readonly Complex[] _forwardTwiddles;
    private readonly Complex[] _inverseTwiddles;

    // per stage, contiguous: for twiddle k of the stage with half-length h at complex offset h−1,
    // (wr, wr) in _stageReal and (−wi, wi) in _stageImaginary, so b·w = b·(wr,wr) + swap(b)·(−wi,wi)
    private readonly double[] _stageReal;
    private readonly double[] _forwardStageImaginary;
    private readonly double[] _inverseStageImaginary;

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

        _stageReal = new double[2 * Math.Max(1, length)];
        _forwardStageImaginary = new double[2 * Math.Max(1, length)];
        _inverseStageImaginary = new double[2 * Math.Max(1, length)];
        for (int h = 1; h < length; h <<= 1)
        {
            for (int k = 0; k < h; k++)
            {
                double angle = -Math.PI * k / h;
                int at = 2 * (h - 1 + k);
                _stageReal[at] = _stageReal[at + 1] = Math.Cos(angle);
                double wi = Math.Sin(angle);
                _forwardStageImaginary[at] = -wi;
                _forwardStageImaginary[at + 1] = wi;
                _inverseStageImaginary[at] = wi;
                _inverseStageImaginary[at + 1] = -wi;
            }
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

    public void Forward(Span<Complex> data) => Transform(data, inverse: false);

    public void Inverse(Span<Complex> data) => Transform(data, inverse: true);

    /// <summary>The index each position is swapped with before the butterflies; the 2-D column pass reuses it.</summary>
    internal ReadOnlySpan<int> BitReverse => _bitReverse;

    internal ReadOnlySpan<Complex> Twiddles(bool inverse) => inverse ? _inverseTwiddles : _forwardTwiddles;

    private void Transform(Span<Complex> data, bool inverse)
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

        if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            TransformVectorised(data, inverse ? _inverseStageImaginary : _forwardStageImaginary);
            return;
        }

        var twiddles = inverse ? _inverseTwiddles : _forwardTwiddles;
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

    private void TransformVectorised(Span<Complex> data, double[] stageImaginary)
    {
        int n = Length;
        var values = MemoryMarshal.Cast<Complex, double>(data);
        ref double d = ref MemoryMarshal.GetReference(values);

        // size-2 stage: twiddle 1, pairs of neighbours
        for (int i = 0; i < 2 * n; i += 4)
        {
            double ar = Unsafe.Add(ref d, i), ai = Unsafe.Add(ref d, i + 1);
            double br = Unsafe.Add(ref d, i + 2), bi = Unsafe.Add(ref d, i + 3);
            Unsafe.Add(ref d, i) = ar + br;
            Unsafe.Add(ref d, i + 1) = ai + bi;
            Unsafe.Add(ref d, i + 2) = ar - br;
            Unsafe.Add(ref d, i + 3) = ai - bi;
        }

        ref double twr = ref MemoryMarshal.GetArrayDataReference(_stageReal);
        ref double twi = ref MemoryMarshal.GetArrayDataReference(stageImaginary);
        for (int half = 2; half < n; half <<= 1)
        {
            int size = half << 1;
            nuint stageOffset = (nuint)(2 * (half - 1));
            for (int start = 0; start < n; start += size)
            {
                nuint top = (nuint)(2 * start);
                nuint bottom = (nuint)(2 * (start + half));
                for (nuint k = 0; k < (nuint)(2 * half); k += 4)
                {
                    var a = Vector256.LoadUnsafe(ref d, top + k);
                    var b = Vector256.LoadUnsafe(ref d, bottom + k);
                    var wr = Vector256.LoadUnsafe(ref twr, stageOffset + k);
                    var wi = Vector256.LoadUnsafe(ref twi, stageOffset + k);
                    var product = (b * wr) + (Swap(b) * wi);
                    (a + product).StoreUnsafe(ref d, top + k);
                    (a - product).StoreUnsafe(ref d, bottom + k);
                }
            }
        }
    }

    /// <summary>(re, im, re, im) → (im, re, im, re).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Swap(Vector256<double> v) => Vector256.Shuffle(v, Vector256.Create(1L, 0, 3, 2));
}
