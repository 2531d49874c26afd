namespace FocusController.Imaging.PixelFormats;

/// <summary>YUYV 4:2:2 (YUY2) to RGB with the BT.601 limited-range matrix (Y 16–235, Cb/Cr 16–240), which UVC cameras use.</summary>
public static class Yuyv
{
    public static int BufferLength(int width, int height) => checked(width * height * 2);

    /// <summary>
    /// Converts the first width×height×2 bytes of <paramref name="source"/> into <paramref name="destination"/>
    /// (which fixes the size). A driver buffer may be longer than the image; a shorter one is an error naming both lengths.
    /// </summary>
    public static void ToRgb(ReadOnlySpan<byte> source, RgbImage destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int width = destination.Width;
        int height = destination.Height;
        if (width % 2 != 0)
        {
            throw new InvalidImageException("YUYV frame", $"width {width} is odd; YUYV carries pixels in pairs");
        }

        int needed = BufferLength(width, height);
        if (source.Length < needed)
        {
            throw new InvalidImageException("YUYV frame", $"buffer holds {source.Length} bytes; a {width}x{height} YUYV image needs {needed}");
        }

        var yuyv = source[..needed];
        var rgb = destination.Pixels.AsSpan();
        for (int i = 0, o = 0; i < yuyv.Length; i += 4, o += 6)
        {
            // Integer BT.601 coefficients scaled by 256 (the ITU-R / Microsoft YUY2 reference form).
            int d = yuyv[i + 1] - 128;
            int e = yuyv[i + 3] - 128;
            int rOffset = (409 * e) + 128;
            int gOffset = (-100 * d) - (208 * e) + 128;
            int bOffset = (516 * d) + 128;

            int c0 = 298 * (yuyv[i] - 16);
            rgb[o] = Clamp((c0 + rOffset) >> 8);
            rgb[o + 1] = Clamp((c0 + gOffset) >> 8);
            rgb[o + 2] = Clamp((c0 + bOffset) >> 8);

            int c1 = 298 * (yuyv[i + 2] - 16);
            rgb[o + 3] = Clamp((c1 + rOffset) >> 8);
            rgb[o + 4] = Clamp((c1 + gOffset) >> 8);
            rgb[o + 5] = Clamp((c1 + bOffset) >> 8);
        }
    }

    /// <summary>
    /// The inverse (RGB to limited-range YUYV, chroma averaged over each pixel pair), for generating test buffers
    /// and for the simulator's raw output; the same matrix so a round trip is within rounding.
    /// </summary>
    public static byte[] FromRgb(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width % 2 != 0)
        {
            throw new ArgumentException($"width {image.Width} is odd; YUYV carries pixels in pairs", nameof(image));
        }

        var rgb = image.Pixels;
        var yuyv = new byte[BufferLength(image.Width, image.Height)];
        for (int i = 0, o = 0; o < yuyv.Length; i += 6, o += 4)
        {
            int r0 = rgb[i], g0 = rgb[i + 1], b0 = rgb[i + 2];
            int r1 = rgb[i + 3], g1 = rgb[i + 4], b1 = rgb[i + 5];
            yuyv[o] = Clamp((((66 * r0) + (129 * g0) + (25 * b0) + 128) >> 8) + 16);
            yuyv[o + 2] = Clamp((((66 * r1) + (129 * g1) + (25 * b1) + 128) >> 8) + 16);
            int r = (r0 + r1 + 1) / 2, g = (g0 + g1 + 1) / 2, b = (b0 + b1 + 1) / 2;
            yuyv[o + 1] = Clamp((((-38 * r) - (74 * g) + (112 * b) + 128) >> 8) + 128);
            yuyv[o + 3] = Clamp((((112 * r) - (94 * g) - (18 * b) + 128) >> 8) + 128);
        }

        return yuyv;
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
