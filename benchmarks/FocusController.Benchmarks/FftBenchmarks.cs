using System.Numerics;
using BenchmarkDotNet.Attributes;
using FocusController.Simulation.Fourier;
using MathNet.Numerics.IntegralTransforms;

namespace FocusController.Benchmarks;

/// <summary>
/// The simulator's vectorised radix-2 2-D FFT against MathNet.Numerics 5.0 (managed provider; its 2-D transform throws
/// there, so rows then columns with its 1-D transform), complex double, at the grid of a 224×224 patch (256²) and of a
/// 1280×960 frame (2048×1024).
/// </summary>
[MemoryDiagnoser]
public class FftBenchmarks
{
    private Complex[] _data = [];
    private Complex[] _column = [];

    [Params(256, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _data = Enumerable.Range(0, Size * Size).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray();
        _column = new Complex[Size];
    }

    [Benchmark(Baseline = true)]
    public void MathNetRowsThenColumns()
    {
        for (int y = 0; y < Size; y++)
        {
            var row = _data.AsSpan(y * Size, Size).ToArray();
            Fourier.Forward(row, FourierOptions.AsymmetricScaling);
            row.CopyTo(_data, y * Size);
        }

        for (int x = 0; x < Size; x++)
        {
            for (int y = 0; y < Size; y++)
            {
                _column[y] = _data[(y * Size) + x];
            }

            Fourier.Forward(_column, FourierOptions.AsymmetricScaling);
            for (int y = 0; y < Size; y++)
            {
                _data[(y * Size) + x] = _column[y];
            }
        }
    }

    [Benchmark]
    public void Radix2Vectorised() => Fft2D.Forward(_data, Size, Size);
}
