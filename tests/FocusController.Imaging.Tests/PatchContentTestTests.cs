using FocusController.Imaging.Tiling;

namespace FocusController.Imaging.Tests;

public class PatchContentTestTests
{
    private static readonly PatchContentTest Test = new(new PatchContentCriteria());

    private static PatchContent Evaluate(RgbImage image) => Test.Evaluate(new LuminanceBuffer().Fill(image));

    [Fact]
    public void Textured_patch_is_usable()
    {
        var content = Evaluate(TestImages.Texture(224, 224, seed: 1));

        Assert.True(content.IsUsable, content.RejectedBecause);
        Assert.True(content.StdDev > 30);
    }

    [Fact]
    public void Empty_bright_field_with_camera_noise_is_blank()
    {
        // a bright background with ±2 levels of noise: the shape of an empty slide
        var content = Evaluate(TestImages.Texture(224, 224, seed: 2, low: 198, high: 202, block: 1));

        Assert.False(content.IsUsable);
        Assert.StartsWith("blank", content.RejectedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Dark_field_is_too_dark_even_with_texture()
    {
        var content = Evaluate(TestImages.Texture(224, 224, seed: 3, low: 0, high: 20));

        Assert.False(content.IsUsable);
        Assert.StartsWith("too dark", content.RejectedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Mostly_saturated_patch_is_clipped()
    {
        var image = TestImages.Texture(224, 224, seed: 4);
        // the left half burnt out white
        for (int y = 0; y < 224; y++)
        {
            image.Row(y)[..(112 * 3)].Fill(255);
        }

        var content = Evaluate(image);

        Assert.False(content.IsUsable);
        Assert.StartsWith("clipped", content.RejectedBecause, StringComparison.Ordinal);
        Assert.Equal(0.5, content.ClippedFraction, 0.02);
    }

    [Fact]
    public void A_few_clipped_specks_do_not_reject_a_textured_patch()
    {
        var image = TestImages.Texture(224, 224, seed: 5);
        image.Row(10)[..(20 * 3)].Fill(255);

        Assert.True(Evaluate(image).IsUsable);
    }
}
