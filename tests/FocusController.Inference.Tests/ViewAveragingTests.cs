using FocusController.Imaging;
using FocusController.Imaging.Tiling;

namespace FocusController.Inference.Tests;

/// <summary>
/// Averaging views on a real network (the shipped fp32 model, which unlike the linear fixture reads a turned patch
/// differently): the estimate of a patch over four views is the mean of its estimates of the four turned patches, each
/// turned here independently of <see cref="PatchView"/>.
/// </summary>
public class ViewAveragingTests
{
    private const int Size = 224;

    [Fact]
    public void Four_views_are_the_mean_of_the_four_turned_patches_in_any_batch_size()
    {
        string? models = ShippedModelTests.RepositoryModels();
        Assert.NotNull(models);
        string path = Path.Combine(models, "ldse-net-20x-0.75.fp32.onnx");
        using var wide = LdseModel.Load(new LdseModelOptions { ModelPath = path, IntraOpThreads = 1, MaxBatch = 8 });
        using var narrow = LdseModel.Load(new LdseModelOptions { ModelPath = path, IntraOpThreads = 1, MaxBatch = 3 });
        var strip = ImageFile.Read(Path.Combine(models, "fixtures", "patches.png"));
        var regions = new[] { new PatchRegion(0, 0, Size, 0, 0), new PatchRegion(Size, 0, Size, 1, 0) };

        var averaged = new float[2];
        wide.Predict(strip, regions, 4, averaged);
        var inSmallBatches = new float[2];
        narrow.Predict(strip, regions, 4, inSmallBatches);

        for (int i = 0; i < regions.Length; i++)
        {
            var patch = Crop(strip, regions[i]);
            var turns = new double[4];
            for (int k = 0; k < 4; k++)
            {
                var one = new float[1];
                wide.Predict(patch, [new PatchRegion(0, 0, Size, 0, 0)], one);
                turns[k] = one[0];
                patch = TurnCounterClockwise(patch);
            }

            Assert.Equal(turns.Average(), averaged[i], 1e-4);
            Assert.Equal(averaged[i], inSmallBatches[i], 1e-5);
            // the views must really differ on this network, or the test above would pass for any order of turns
            Assert.True(turns.Max() - turns.Min() > 1e-3, $"patch {i}: the four turns read alike: {string.Join(", ", turns)}");
        }
    }

    private static RgbImage Crop(RgbImage image, PatchRegion region)
    {
        var patch = new RgbImage(region.Size, region.Size);
        for (int y = 0; y < region.Size; y++)
        {
            image.ReadOnlyRow(region.Y + y).Slice(region.X * 3, region.Size * 3).CopyTo(patch.Row(y));
        }

        return patch;
    }

    /// <summary>np.rot90: out[i, j] = in[j, n−1−i] (rows i, columns j).</summary>
    private static RgbImage TurnCounterClockwise(RgbImage image)
    {
        int n = image.Width;
        var turned = new RgbImage(n, n);
        for (int i = 0; i < n; i++)
        {
            var row = turned.Row(i);
            for (int j = 0; j < n; j++)
            {
                image.ReadOnlyRow(j).Slice((n - 1 - i) * 3, 3).CopyTo(row.Slice(j * 3, 3));
            }
        }

        return turned;
    }
}
