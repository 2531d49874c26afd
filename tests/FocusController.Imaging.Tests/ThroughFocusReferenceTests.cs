using FocusController.Imaging.Reference;
using FocusController.Tests.Shared;

namespace FocusController.Imaging.Tests;

public sealed class ThroughFocusReferenceTests
{
    private const int Side = 96;

    /// <summary>References at −1 … +1 µm by 0.25 µm, each from its own noisy frame.</summary>
    private static ThroughFocusReference StackOf(ThroughFocusField field)
    {
        var stack = new ThroughFocusReference(maxShift: 12);
        for (int k = -4; k <= 4; k++)
        {
            stack.Add(k * 0.25, field.Frame(k * 0.25, noiseSeed: 100 + k));
        }

        return stack;
    }

    [Fact]
    public void Frames_between_the_references_are_placed_at_their_own_offset_on_either_side_of_focus()
    {
        var field = new ThroughFocusField(1);
        var stack = StackOf(field);

        for (int i = -8; i <= 8; i++)
        {
            double z = i * 0.1;
            var match = stack.Locate(field.Frame(z, noiseSeed: 500 + i));
            Assert.True(match.Found);
            Assert.InRange(match.OffsetUm, z - 0.05, z + 0.05);
            Assert.True(match.Similarity > 0.9, $"similarity {match.Similarity} at {z} um");
            Assert.False(match.AtEdge);
        }

        // past the outermost pair there is no reference beyond to interpolate with: the nearest one is the answer
        Assert.Equal(1.0, stack.Locate(field.Frame(0.9, noiseSeed: 600)).OffsetUm, 3);
        Assert.Equal(-1.0, stack.Locate(field.Frame(-0.9, noiseSeed: 601)).OffsetUm, 3);
    }

    [Fact]
    public void Added_in_any_order_the_references_are_kept_by_offset()
    {
        var field = new ThroughFocusField(2);
        var stack = new ThroughFocusReference(maxShift: 12);
        foreach (var z in new[] { 0.5, -0.5, 0.0, 1.0, -1.0 })
        {
            stack.Add(z, field.Frame(z, noiseSeed: 1));
        }

        Assert.Equal(new[] { -1.0, -0.5, 0.0, 0.5, 1.0 }, stack.OffsetsUm);
        Assert.InRange(stack.Locate(field.Frame(-0.3, noiseSeed: 9)).OffsetUm, -0.4, -0.2);
    }

    [Fact]
    public void A_slide_creeping_sideways_a_pixel_or_two_per_frame_is_followed()
    {
        var field = new ThroughFocusField(3);
        var stack = StackOf(field);

        ReferenceMatch match = default;
        for (int step = 1; step <= 5; step++)
        {
            match = stack.Locate(field.Frame(0.3, noiseSeed: 700 + step, shiftX: 2 * step, shiftY: -step));
            Assert.InRange(match.OffsetUm, 0.25, 0.35);
        }

        // the window moved right and up, so the specimen moved left and down in the frame
        Assert.Equal((-10, 5), (match.ShiftX, match.ShiftY));
        Assert.False(match.ShiftAtLimit);
    }

    [Fact]
    public void A_jump_sideways_larger_than_the_search_reads_as_a_poor_match()
    {
        var field = new ThroughFocusField(4);
        var stack = StackOf(field);

        var match = stack.Locate(field.Frame(0, noiseSeed: 3, shiftX: 9));

        Assert.True(match.Similarity < 0.5, $"similarity {match.Similarity}");
    }

    [Fact]
    public void Beyond_the_last_reference_the_match_is_at_the_edge_and_on_the_right_side()
    {
        var field = new ThroughFocusField(5);
        var stack = StackOf(field);

        var above = stack.Locate(field.Frame(1.5, noiseSeed: 11));
        var below = stack.Locate(field.Frame(-1.5, noiseSeed: 12));

        Assert.True(above.AtEdge);
        Assert.Equal(1.0, above.OffsetUm, 3);
        Assert.True(below.AtEdge);
        Assert.Equal(-1.0, below.OffsetUm, 3);
    }

    [Fact]
    public void Another_specimen_matches_none_of_the_references()
    {
        var stack = StackOf(new ThroughFocusField(6));

        var match = stack.Locate(new ThroughFocusField(60).Frame(0, noiseSeed: 1));

        Assert.True(match.Similarity < 0.3, $"similarity {match.Similarity}");
    }

    [Fact]
    public void A_frame_too_small_for_the_shift_margin_is_refused_with_the_size_it_needs()
    {
        var stack = new ThroughFocusReference(maxShift: 16);

        Assert.False(stack.Fits(63, 200));
        Assert.True(stack.Fits(64, 64));
        var error = Assert.Throws<ArgumentException>(() => stack.Add(0, TestImages.Texture(40, 40, 1)));
        Assert.Contains("40x40", error.Message, StringComparison.Ordinal);
        Assert.Contains("64 pixels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flat_frame_cannot_be_a_reference()
    {
        var stack = new ThroughFocusReference(maxShift: 8);

        var error = Assert.Throws<ArgumentException>(() => stack.Add(0, TestImages.Uniform(64, 64, 90, 90, 90)));
        Assert.Contains("flat", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, stack.Count);
    }

    [Fact]
    public void Frames_of_another_size_are_refused_when_added_and_not_located()
    {
        var field = new ThroughFocusField(7);
        var stack = StackOf(field);

        Assert.Throws<ArgumentException>(() => stack.Add(2, TestImages.Texture(Side + 2, Side, 1)));
        Assert.False(stack.Locate(TestImages.Texture(Side, Side + 4, 1)).Found);
        Assert.False(new ThroughFocusReference().Locate(field.Frame(0, 1)).Found);
    }
}
