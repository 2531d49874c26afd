using FocusController.Imaging;

namespace FocusController.Camera.Tests.Fakes;

internal static class TestImages
{
    /// <summary>An image of one flat colour; flat areas survive JPEG almost exactly.</summary>
    public static RgbImage Flat(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbImage(width, height);
        var pixels = image.Pixels;
        for (int i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = r;
            pixels[i + 1] = g;
            pixels[i + 2] = b;
        }

        return image;
    }

    public static (byte R, byte G, byte B) At(RgbImage image, int x, int y)
    {
        var row = image.ReadOnlyRow(y);
        return (row[x * 3], row[(x * 3) + 1], row[(x * 3) + 2]);
    }

    public static void AssertNear((byte R, byte G, byte B) expected, (byte R, byte G, byte B) actual, int tolerance)
    {
        Assert.True(
            Math.Abs(expected.R - actual.R) <= tolerance && Math.Abs(expected.G - actual.G) <= tolerance && Math.Abs(expected.B - actual.B) <= tolerance,
            $"expected {expected} within ±{tolerance}, got {actual}");
    }
}
