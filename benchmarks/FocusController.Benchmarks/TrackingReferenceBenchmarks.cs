using BenchmarkDotNet.Attributes;
using FocusController.Imaging;
using FocusController.Imaging.Reference;

namespace FocusController.Benchmarks;

/// <summary>
/// What tracking pays per estimate to read a frame against the specimen's reference stack (11 frames, the default),
/// at the bench's 256×256 frame and the simulate mode's 1024×768 (the compared region is capped at 256×256 either way,
/// plus the luminance of the whole frame), beside filling the luminance alone, which every focus measure also does.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TrackingReferenceBenchmarks
{
    private ThroughFocusReference _reference = new();
    private RgbImage _frame = new(1, 1);
    private readonly LuminanceBuffer _luminance = new();

    [Params(256, 1024)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int height = Width == 256 ? 256 : 768;
        _reference = new ThroughFocusReference();
        for (int i = 0; i < 11; i++)
        {
            _reference.Add((i - 5) * 0.08, Texture(Width, height, seed: i));
        }

        _frame = Texture(Width, height, seed: 5);
    }

    [Benchmark(Baseline = true)]
    public int Luminance() => _luminance.Fill(_frame).Width;

    [Benchmark]
    public double Locate() => _reference.Locate(_frame).OffsetUm;

    private static RgbImage Texture(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        random.NextBytes(image.Pixels);
        return image;
    }
}
