using FocusController.Imaging;
using FocusController.Imaging.Tiling;

namespace FocusController.Inference.Tests;

/// <summary>
/// The fixture models (fixtures/make_fixture_model.py) and frames built for them. The linear fixture's output
/// is a known function of the preprocessed input, so expected values are computed here, not hard-coded.
/// </summary>
internal static class Fixtures
{
    public const double Scale = 0.00392156862745098;
    public static readonly double[] Mean = [0.4, 0.5, 0.6];
    public static readonly double[] Std = [0.2, 0.25, 0.3];
    public static readonly double[] Weights = [1.0, 0.5, -2.0];
    public const double Bias = 0.25;

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    public static string Linear => Path("fixture-linear.onnx");

    public static LdseModel LoadLinear(int maxBatch = 9) =>
        LdseModel.Load(new LdseModelOptions { ModelPath = Linear, MaxBatch = maxBatch, IntraOpThreads = 1 });

    public static PatchDefocusEstimator Estimator(DefocusEstimatorOptions? options = null) =>
        new(LoadLinear(), options ?? new DefocusEstimatorOptions());

    /// <summary>What the linear fixture model outputs for one patch of a frame, computed in double from the metadata.</summary>
    public static double ExpectedOutput(RgbImage frame, PatchRegion region)
    {
        var sums = new double[3];
        for (int y = region.Y; y < region.Bottom; y++)
        {
            var row = frame.ReadOnlyRow(y);
            for (int x = region.X; x < region.Right; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    sums[c] += ((row[(3 * x) + c] * Scale) - Mean[c]) / Std[c];
                }
            }
        }

        double n = (double)region.Size * region.Size;
        return (Weights[0] * sums[0] / n) + (Weights[1] * sums[1] / n) + (Weights[2] * sums[2] / n) + Bias;
    }

    /// <summary>A bright, empty field: every patch is blank.</summary>
    public static RgbImage BlankFrame(int width = 1280, int height = 960)
    {
        var frame = new RgbImage(width, height);
        frame.Pixels.AsSpan().Fill(200);
        return frame;
    }

    /// <summary>
    /// Paints a random texture into a rectangle, centred on a per-channel level: each region can be given its
    /// own colour, hence its own known model output.
    /// </summary>
    public static void PaintTexture(RgbImage frame, int x0, int y0, int width, int height, (int R, int G, int B) level, int seed)
    {
        var random = new Random(seed);
        for (int y = y0; y < y0 + height; y++)
        {
            var row = frame.Row(y);
            for (int x = x0; x < x0 + width; x++)
            {
                int noise = random.Next(-30, 31);
                row[3 * x] = (byte)Math.Clamp(level.R + noise, 0, 255);
                row[(3 * x) + 1] = (byte)Math.Clamp(level.G + noise, 0, 255);
                row[(3 * x) + 2] = (byte)Math.Clamp(level.B + noise, 0, 255);
            }
        }
    }

    public static void PaintTexture(RgbImage frame, PatchRegion region, (int R, int G, int B) level, int seed) =>
        PaintTexture(frame, region.X, region.Y, region.Size, region.Size, level, seed);
}
