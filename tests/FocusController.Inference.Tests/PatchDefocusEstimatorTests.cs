using FocusController.Imaging;
using FocusController.Imaging.Tiling;

namespace FocusController.Inference.Tests;

public class PatchDefocusEstimatorTests
{
    private static readonly PatchTiler Tiler = new(new PatchGridOptions());

    /// <summary>A 1280x960 frame whose nine grid patches each carry texture of their own colour.</summary>
    private static (RgbImage Frame, IReadOnlyList<PatchRegion> Regions) TexturedFrame()
    {
        var frame = Fixtures.BlankFrame();
        var regions = Tiler.Tile(frame.Width, frame.Height);
        for (int i = 0; i < regions.Count; i++)
        {
            Fixtures.PaintTexture(frame, regions[i], (60 + (15 * i), 160 - (5 * i), 100 + (3 * i)), seed: 100 + i);
        }

        return (frame, regions);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    [Fact]
    public void Textured_frame_is_the_median_of_its_nine_patches()
    {
        using var estimator = Fixtures.Estimator();
        var (frame, regions) = TexturedFrame();

        var estimate = estimator.Estimate(frame);

        Assert.Equal(EstimateStatus.Ok, estimate.Status);
        Assert.Equal(9, estimate.Patches.Count);
        Assert.All(estimate.Patches, p => Assert.True(p.Used, p.RejectedBecause));
        for (int i = 0; i < regions.Count; i++)
        {
            Assert.Equal((regions[i].X, regions[i].Y), (estimate.Patches[i].X, estimate.Patches[i].Y));
            Assert.Equal(Fixtures.ExpectedOutput(frame, regions[i]), estimate.Patches[i].DefocusUm, 1e-4);
        }

        Assert.Equal(Median(regions.Select(r => Fixtures.ExpectedOutput(frame, r))), estimate.DefocusUm, 1e-4);
        Assert.InRange(estimate.Confidence, 0.0001, 1);
        Assert.Equal(10, estimator.RangeUm);
    }

    [Fact]
    public void Blank_frame_gives_no_content_and_no_number()
    {
        using var estimator = Fixtures.Estimator();

        var estimate = estimator.Estimate(Fixtures.BlankFrame());

        Assert.Equal(EstimateStatus.NoContent, estimate.Status);
        Assert.False(estimate.HasValue);
        Assert.True(double.IsNaN(estimate.DefocusUm));
        Assert.Equal(0, estimate.Confidence);
        Assert.All(estimate.Patches, p =>
        {
            Assert.False(p.Used);
            Assert.True(double.IsNaN(p.DefocusUm));
            Assert.StartsWith("blank", p.RejectedBecause, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Half_blank_frame_uses_only_the_patches_with_content()
    {
        using var estimator = Fixtures.Estimator();
        var frame = Fixtures.BlankFrame();
        var regions = Tiler.Tile(frame.Width, frame.Height);
        int rightColumnX = regions.Max(r => r.X);
        // texture on the right part of the field only, covering the right-hand column of patches
        Fixtures.PaintTexture(frame, rightColumnX - 20, 0, frame.Width - rightColumnX + 20, frame.Height, (150, 90, 60), seed: 9);

        var estimate = estimator.Estimate(frame);

        Assert.Equal(EstimateStatus.Ok, estimate.Status);
        var used = estimate.Patches.Where(p => p.Used).ToArray();
        Assert.Equal(3, used.Length);
        Assert.All(used, p => Assert.Equal(rightColumnX, p.X));
        Assert.All(estimate.Patches.Where(p => !p.Used), p => Assert.True(double.IsNaN(p.DefocusUm)));
        var expected = regions.Where(r => r.X == rightColumnX).Select(r => Fixtures.ExpectedOutput(frame, r));
        Assert.Equal(Median(expected), estimate.DefocusUm, 1e-4);
        // a third of the grid used: confidence can be at most a third
        Assert.True(estimate.Confidence <= 1.0 / 3 + 1e-9, $"confidence {estimate.Confidence}");
    }

    [Fact]
    public void Too_few_patches_with_content_is_no_content()
    {
        using var estimator = Fixtures.Estimator();
        var frame = Fixtures.BlankFrame();
        var regions = Tiler.Tile(frame.Width, frame.Height);
        Fixtures.PaintTexture(frame, regions[4], (120, 120, 120), seed: 4);

        var estimate = estimator.Estimate(frame);

        Assert.Equal(EstimateStatus.NoContent, estimate.Status);
        Assert.True(double.IsNaN(estimate.DefocusUm));
        Assert.Contains(estimate.Patches, p => p.RejectedBecause == "too few patches with content in the frame");
    }

    [Fact]
    public void One_outlier_patch_does_not_move_the_median()
    {
        using var estimator = Fixtures.Estimator();
        var (frame, regions) = TexturedFrame();
        var before = estimator.Estimate(frame);
        int highest = Enumerable.Range(0, 9).MaxBy(i => before.Patches[i].DefocusUm);

        // the patch that was already the highest becomes wildly higher (a bubble, a smear)
        Fixtures.PaintTexture(frame, regions[highest], (230, 40, 35), seed: 77);
        var after = estimator.Estimate(frame);

        Assert.True(after.Patches[highest].DefocusUm > before.Patches[highest].DefocusUm + 1, "the outlier did not change its patch");
        Assert.Equal(before.DefocusUm, after.DefocusUm, 1e-6);
    }

    [Fact]
    public void Disagreeing_patches_lower_the_confidence()
    {
        using var estimator = Fixtures.Estimator();
        var frame = Fixtures.BlankFrame();
        var regions = Tiler.Tile(frame.Width, frame.Height);
        foreach (var region in regions)
        {
            Fixtures.PaintTexture(frame, region, (120, 120, 120), seed: region.Column + (3 * region.Row));
        }

        var agreeing = estimator.Estimate(frame);
        // every patch a different colour: estimates about 1 µm apart from patch to patch
        for (int i = 0; i < regions.Count; i++)
        {
            Fixtures.PaintTexture(frame, regions[i], (30 + (25 * i), 120, 220 - (20 * i)), seed: i);
        }

        var disagreeing = estimator.Estimate(frame);

        Assert.True(agreeing.Confidence > 0.9, $"agreeing {agreeing.Confidence}");
        Assert.True(disagreeing.Confidence < agreeing.Confidence - 0.2, $"agreeing {agreeing.Confidence}, disagreeing {disagreeing.Confidence}");
    }

    [Fact]
    public void Frame_smaller_than_a_patch_is_rejected()
    {
        using var estimator = Fixtures.Estimator();

        Assert.Throws<FrameTooSmallException>(() => estimator.Estimate(new RgbImage(200, 224)));
    }

    [Fact]
    public void A_single_patch_frame_is_estimated_from_its_one_patch()
    {
        using var estimator = Fixtures.Estimator();
        var frame = new RgbImage(224, 224);
        var region = new PatchRegion(0, 0, 224, 0, 0);
        Fixtures.PaintTexture(frame, region, (90, 140, 70), seed: 5);

        var estimate = estimator.Estimate(frame);

        Assert.Equal(EstimateStatus.Ok, estimate.Status);
        Assert.Equal(Fixtures.ExpectedOutput(frame, region), estimate.DefocusUm, 1e-4);
    }

    [Fact]
    public void Estimating_reuses_the_model_buffers()
    {
        using var estimator = Fixtures.Estimator();
        var (frame, _) = TexturedFrame();
        var buffer = estimator.Model.InputBuffer;
        estimator.Estimate(frame);

        long before = GC.GetAllocatedBytesForCurrentThread();
        estimator.Estimate(frame);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Same(buffer, estimator.Model.InputBuffer);
        // only the result records: nine patches' input tensors would be 5.4 MB
        Assert.True(allocated < 16_384, $"one frame allocated {allocated} bytes");
    }
}
