using FocusController.Imaging.Tiling;

namespace FocusController.Imaging.Tests;

public class PatchTilerTests
{
    [Fact]
    public void Default_grid_is_3x3_centred_over_three_quarters_of_the_field()
    {
        var tiler = new PatchTiler(new PatchGridOptions());

        var regions = tiler.Tile(1280, 960);

        Assert.Equal(9, regions.Count);
        var xs = regions.Select(r => r.X).Distinct().Order().ToArray();
        var ys = regions.Select(r => r.Y).Distinct().Order().ToArray();
        Assert.Equal(3, xs.Length);
        Assert.Equal(3, ys.Length);
        // the grid spans the central 75% of each axis, symmetric about the centre, evenly spaced
        Assert.Equal(1280 * 0.125, xs[0], 0.5);
        Assert.Equal(1280 * 0.875, xs[2] + 224, 0.5);
        Assert.Equal(960 * 0.125, ys[0], 0.5);
        Assert.Equal(960 * 0.875, ys[2] + 224, 0.5);
        Assert.Equal(xs[1] - xs[0], xs[2] - xs[1]);
        Assert.Equal(ys[1] - ys[0], ys[2] - ys[1]);
        Assert.All(regions, r => Assert.Equal(224, r.Size));
    }

    [Fact]
    public void Regions_are_row_by_row_with_their_grid_cell()
    {
        var regions = new PatchTiler(new PatchGridOptions { Columns = 4, Rows = 2 }).Tile(2000, 1000);

        Assert.Equal(8, regions.Count);
        for (int i = 0; i < regions.Count; i++)
        {
            Assert.Equal((i % 4, i / 4), (regions[i].Column, regions[i].Row));
            if (i % 4 > 0)
            {
                Assert.True(regions[i].X > regions[i - 1].X);
                Assert.Equal(regions[i - 1].Y, regions[i].Y);
            }
        }
    }

    [Fact]
    public void A_single_patch_frame_gives_one_patch_not_nine_copies()
    {
        var regions = new PatchTiler(new PatchGridOptions()).Tile(224, 224);

        var region = Assert.Single(regions);
        Assert.Equal((0, 0), (region.X, region.Y));
    }

    [Fact]
    public void Patches_overlap_inside_the_frame_when_the_grid_does_not_fit_side_by_side()
    {
        var regions = new PatchTiler(new PatchGridOptions()).Tile(400, 300);

        Assert.Equal(9, regions.Count);
        Assert.All(regions, r => Assert.True(r.X >= 0 && r.Y >= 0 && r.Right <= 400 && r.Bottom <= 300, $"{r} leaves the frame"));
        // spread over the whole frame, edge to edge
        Assert.Equal((0, 0), (regions.Min(r => r.X), regions.Min(r => r.Y)));
        Assert.Equal((400, 300), (regions.Max(r => r.Right), regions.Max(r => r.Bottom)));
    }

    [Fact]
    public void A_frame_just_wider_than_the_grid_gets_adjacent_patches_in_the_centre()
    {
        var regions = new PatchTiler(new PatchGridOptions { Rows = 1 }).Tile(700, 224);

        Assert.Equal([14, 238, 462], regions.Select(r => r.X));
    }

    [Fact]
    public void Single_column_grid_sits_in_the_middle()
    {
        var regions = new PatchTiler(new PatchGridOptions { Columns = 1, Rows = 1 }).Tile(1280, 960);

        var region = Assert.Single(regions);
        Assert.Equal(((1280 - 224) / 2, (960 - 224) / 2), (region.X, region.Y));
    }

    [Theory]
    [InlineData(223, 960)]
    [InlineData(1280, 100)]
    public void Frame_smaller_than_a_patch_is_rejected(int width, int height)
    {
        var ex = Assert.Throws<FrameTooSmallException>(() => new PatchTiler(new PatchGridOptions()).Tile(width, height));

        Assert.Contains($"{width}x{height}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("224x224", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_grid_of_an_unchanged_frame_size_is_reused()
    {
        var tiler = new PatchTiler(new PatchGridOptions());

        var first = tiler.Tile(1280, 960);
        var second = tiler.Tile(1280, 960);
        var other = tiler.Tile(640, 480);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
    }

    [Theory]
    [InlineData(0, 3, 0.75)]
    [InlineData(224, 0, 0.75)]
    [InlineData(224, 3, 0)]
    [InlineData(224, 3, 1.5)]
    public void Bad_grid_options_are_refused_at_start(int patchSize, int columns, double coverage)
    {
        var options = new PatchGridOptions { PatchSize = patchSize, Columns = columns, Coverage = coverage };

        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTiler(options));
    }
}
