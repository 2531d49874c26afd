using FocusController.Imaging;
using FocusController.Imaging.Tiling;

namespace FocusController.Inference.Tests;

public class PatchViewTests
{
    private const int Size = 224;
    private const int Last = Size - 1;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Each_view_count_gives_that_many_distinct_permutations_of_the_patch(int count)
    {
        var views = PatchView.First(count).ToArray();

        Assert.Equal(count, views.Distinct().Count());
        Assert.Equal(PatchView.AsSeen, views[0]);
        var images = new HashSet<string>();
        foreach (var view in views)
        {
            // every pixel of the patch shows up exactly once
            var seen = new bool[Size, Size];
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    var (sx, sy) = view.SourceOf(x, y, Size);
                    Assert.False(seen[sx, sy], $"{view} maps two pixels to ({sx},{sy})");
                    seen[sx, sy] = true;
                }
            }

            images.Add(string.Join(";", Corners(view)));
        }

        Assert.Equal(count, images.Count);
    }

    [Theory]
    [InlineData(0, false, 0, 0, Last, 0)]
    [InlineData(1, false, Last, 0, Last, Last)]
    [InlineData(2, false, Last, Last, 0, Last)]
    [InlineData(3, false, 0, Last, 0, 0)]
    [InlineData(0, true, Last, 0, 0, 0)]
    [InlineData(1, true, 0, 0, 0, Last)]
    public void Views_turn_as_numpys_rot90_after_its_fliplr(int turns, bool mirrored, int topLeftX, int topLeftY, int topRightX, int topRightY)
    {
        // the pixels of the original shown in the view's top corners, worked out by hand from np.rot90(a, k) (out[i, j]
        // = a[j, n-1-i]) and np.fliplr: the training pipeline's augmentation turns the same way
        var view = new PatchView(turns, mirrored);

        Assert.Equal((topLeftX, topLeftY), view.SourceOf(0, 0, Size));
        Assert.Equal((topRightX, topRightY), view.SourceOf(Last, 0, Size));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(16)]
    public void Other_view_counts_are_refused(int count)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PatchView.First(count).Length);
        Assert.Contains("1, 4 or 8", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DefocusEstimatorOptions { Views = count }.Validate());
    }

    [Fact]
    public void The_preprocessor_writes_the_turned_patch_from_inside_its_region()
    {
        using var model = Fixtures.LoadLinear();
        var frame = new RgbImage(Size + 40, Size + 30);
        var random = new Random(5);
        random.NextBytes(frame.Pixels);
        var region = new PatchRegion(40, 30, Size, 0, 0);
        var view = new PatchView(3, true);
        var written = new float[model.Preprocessor.PatchLength];

        model.Preprocessor.Write(frame, region, view, written);

        int plane = Size * Size;
        for (int y = 0; y < Size; y += 7)
        {
            for (int x = 0; x < Size; x += 5)
            {
                var (sx, sy) = view.SourceOf(x, y, Size);
                var pixel = frame.ReadOnlyRow(region.Y + sy).Slice((region.X + sx) * 3, 3);
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(model.Preprocessor.Apply(c, pixel[c]), written[(c * plane) + (y * Size) + x]);
                }
            }
        }
    }

    private static IEnumerable<(int, int)> Corners(PatchView view) =>
        [view.SourceOf(0, 0, Size), view.SourceOf(Size - 1, 0, Size), view.SourceOf(0, Size - 1, Size)];
}
