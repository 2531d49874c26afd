using FocusController.Imaging.FocusMeasures;
using FocusController.Imaging.Tiling;

namespace FocusController.Imaging.Tests;

public class FocusMeasureTests
{
    public static TheoryData<string> Measures() => [.. FocusMeasureSet.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Measures))]
    public void Sharp_scores_higher_than_blurred_and_more_blur_scores_lower(string name)
    {
        var measure = FocusMeasureSet.Get(name);
        var sharp = TestImages.Texture(96, 80, seed: 11);

        double s0 = measure.Score(sharp);
        double s1 = measure.Score(TestImages.Blur(sharp, 1));
        double s2 = measure.Score(TestImages.Blur(sharp, 3));

        Assert.True(s0 > s1, $"{name}: sharp {s0} <= blurred {s1}");
        Assert.True(s1 > s2, $"{name}: blur 1 {s1} <= blur 3 {s2}");
    }

    [Theory]
    [InlineData(37, 29)]
    [InlineData(224, 224)]
    [InlineData(3, 3)]
    [InlineData(61, 5)]
    public void Vectorized_scores_equal_a_scalar_reference(int width, int height)
    {
        var image = TestImages.Texture(width, height, seed: width + height, block: 1);
        var luminance = new LuminanceBuffer().Fill(image);
        var l = ScalarLuminance(image);

        AssertClose(ScalarBrenner(l, width, height), new BrennerGradient().Score(luminance));
        AssertClose(ScalarTenengrad(l, width, height), new Tenengrad().Score(luminance));
        AssertClose(ScalarLaplacianVariance(l, width, height), new VarianceOfLaplacian().Score(luminance));
        AssertClose(ScalarNormalizedVariance(l), new NormalizedVariance().Score(luminance));
    }

    [Fact]
    public void A_patch_scores_like_the_same_pixels_cut_out()
    {
        var frame = TestImages.Texture(300, 260, seed: 7, block: 1);
        var region = new PatchRegion(50, 30, 100, 0, 0);
        var cut = new RgbImage(100, 100);
        for (int y = 0; y < 100; y++)
        {
            frame.ReadOnlyRow(30 + y).Slice(50 * 3, 300).CopyTo(cut.Row(y));
        }

        var measure = new Tenengrad();

        Assert.Equal(measure.Score(cut), measure.Score(frame, region, new LuminanceBuffer()));
    }

    [Fact]
    public void Uniform_image_scores_zero()
    {
        var flat = TestImages.Uniform(64, 64, 120, 120, 120);

        Assert.All(FocusMeasureSet.All, m => Assert.Equal(0, m.Score(flat), 6));
    }

    [Fact]
    public void Unknown_measure_name_lists_the_known_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => FocusMeasureSet.Get("sharpness"));

        Assert.Contains("brenner", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tenengrad", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    private static double[] ScalarLuminance(RgbImage image)
    {
        var l = new double[image.Width * image.Height];
        for (int i = 0; i < l.Length; i++)
        {
            // the same float weights and order as LuminanceBuffer, so only the measures are compared
            l[i] = (0.299f * image.Pixels[3 * i]) + (0.587f * image.Pixels[(3 * i) + 1]) + (0.114f * image.Pixels[(3 * i) + 2]);
        }

        return l;
    }

    private static double ScalarBrenner(double[] l, int w, int h)
    {
        double sum = 0;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x + 2 < w; x++)
            {
                double d = l[(y * w) + x + 2] - l[(y * w) + x];
                sum += d * d;
            }
        }

        return sum / ((w - 2) * h);
    }

    private static double ScalarTenengrad(double[] l, int w, int h)
    {
        double sum = 0;
        for (int y = 1; y < h - 1; y++)
        {
            for (int x = 1; x < w - 1; x++)
            {
                double P(int dx, int dy) => l[((y + dy) * w) + x + dx];
                double gx = P(1, -1) + (2 * P(1, 0)) + P(1, 1) - P(-1, -1) - (2 * P(-1, 0)) - P(-1, 1);
                double gy = P(-1, 1) + (2 * P(0, 1)) + P(1, 1) - P(-1, -1) - (2 * P(0, -1)) - P(1, -1);
                sum += (gx * gx) + (gy * gy);
            }
        }

        return sum / ((w - 2) * (h - 2));
    }

    private static double ScalarLaplacianVariance(double[] l, int w, int h)
    {
        var values = new List<double>();
        for (int y = 1; y < h - 1; y++)
        {
            for (int x = 1; x < w - 1; x++)
            {
                values.Add(l[((y - 1) * w) + x] + l[((y + 1) * w) + x] + l[(y * w) + x - 1] + l[(y * w) + x + 1] - (4 * l[(y * w) + x]));
            }
        }

        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Count;
    }

    private static double ScalarNormalizedVariance(double[] l)
    {
        double mean = l.Average();
        return l.Sum(v => (v - mean) * (v - mean)) / l.Length / mean;
    }
}
