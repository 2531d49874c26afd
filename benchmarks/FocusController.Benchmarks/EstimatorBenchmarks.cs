using BenchmarkDotNet.Attributes;
using FocusController.Imaging;
using FocusController.Imaging.Tiling;
using FocusController.Inference;
using SkiaSharp;

namespace FocusController.Benchmarks;

/// <summary>
/// Defocus estimation of one 1280x960 frame (3x3 patches of 224, all with content): from decoded pixels,
/// from PNG bytes (decode included), and one patch alone. Models: models/ldse-net-20x-0.75.&lt;precision&gt;.onnx
/// from $FOCUSCTL_BENCH_MODELS or the repository's models/; without them the linear test fixture (which
/// measures only the pipeline's own overhead, not a network).
/// dotnet run -c Release --project benchmarks/FocusController.Benchmarks -- --filter '*EstimatorBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class EstimatorBenchmarks
{
    private PatchDefocusEstimator _estimator = null!;
    private RgbImage _frame = null!;
    private byte[] _png = [];
    private readonly PatchRegion[] _onePatch = [new PatchRegion(528, 368, 224, 1, 1)];
    private readonly float[] _oneResult = new float[1];

    [Params("int8", "fp32")]
    public string Precision { get; set; } = "int8";

    [GlobalSetup]
    public void Setup()
    {
        string model = FindModel(Precision);
        Console.WriteLine($"// model: {model}");
        _estimator = PatchDefocusEstimator.Open(new LdseModelOptions { ModelPath = model });
        _frame = TexturedFrame(1280, 960, seed: 42);
        _png = ImageFile.EncodeBytes(_frame, SKEncodedImageFormat.Png);
        var check = _estimator.Estimate(_frame);
        if (check.Patches.Count(p => p.Used) != 9)
        {
            throw new InvalidOperationException("benchmark frame should use all nine patches");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _estimator.Dispose();

    [Benchmark(Description = "frame 3x3 (pixels)")]
    public double Frame() => _estimator.Estimate(_frame).DefocusUm;

    [Benchmark(Description = "frame 3x3 (PNG decode + estimate)")]
    public double FrameFromPng() => _estimator.Estimate(ImageFile.Decode(_png, "benchmark.png")).DefocusUm;

    [Benchmark(Description = "one patch (batch of 1)")]
    public float OnePatch()
    {
        _estimator.Model.Predict(_frame, _onePatch, _oneResult);
        return _oneResult[0];
    }

    private static string FindModel(string precision)
    {
        string name = $"ldse-net-20x-0.75.{precision}.onnx";
        string? fromEnvironment = Environment.GetEnvironmentVariable("FOCUSCTL_BENCH_MODELS");
        if (fromEnvironment is not null && File.Exists(Path.Combine(fromEnvironment, name)))
        {
            return Path.Combine(fromEnvironment, name);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FocusController.sln")))
            {
                string shipped = Path.Combine(dir.FullName, "models", name);
                return File.Exists(shipped)
                    ? shipped
                    : Path.Combine(dir.FullName, "tests", "FocusController.Inference.Tests", "fixtures", "fixture-linear.onnx");
            }
        }

        throw new FileNotFoundException($"{name} not found: set FOCUSCTL_BENCH_MODELS or run inside the repository");
    }

    /// <summary>Seeded grey texture in 3-pixel blocks: every patch passes the content test.</summary>
    private static RgbImage TexturedFrame(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y += 3)
        {
            for (int x = 0; x < width; x += 3)
            {
                byte v = (byte)random.Next(40, 220);
                for (int dy = 0; dy < 3 && y + dy < height; dy++)
                {
                    var row = image.Row(y + dy);
                    for (int dx = 0; dx < 3 && x + dx < width; dx++)
                    {
                        row[3 * (x + dx)] = v;
                        row[(3 * (x + dx)) + 1] = (byte)(v * 0.8);
                        row[(3 * (x + dx)) + 2] = (byte)(255 - v);
                    }
                }
            }
        }

        return image;
    }
}
