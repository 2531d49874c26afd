namespace FocusController.Imaging;

/// <summary>
/// An 8-bit RGB image, interleaved R,G,B, rows packed without padding (stride = 3 × width).
/// The one frame type every part shares: the camera decodes into it, the simulator renders into it,
/// tiling and inference read from it.
/// </summary>
public sealed class RgbImage
{
    public const int Channels = 3;

    public RgbImage(int width, int height)
        : this(width, height, new byte[checked(width * height * Channels)])
    {
    }

    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != checked(width * height * Channels))
        {
            throw new ArgumentException(
                $"pixel buffer holds {pixels.Length} bytes; a {width}x{height} RGB image needs {width * height * Channels}",
                nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride => Width * Channels;

    /// <summary>Interleaved RGB bytes, row-major.</summary>
    public byte[] Pixels { get; }

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);

    public ReadOnlySpan<byte> ReadOnlyRow(int y) => Pixels.AsSpan(y * Stride, Stride);

    /// <summary>A copy of the <paramref name="width"/> × <paramref name="height"/> region at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public RgbImage Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > Width || y + height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"region {width}x{height} at ({x},{y}) is not inside the {Width}x{Height} image");
        }

        var crop = new RgbImage(width, height);
        for (int row = 0; row < height; row++)
        {
            Pixels.AsSpan((((y + row) * Width) + x) * Channels, width * Channels).CopyTo(crop.Pixels.AsSpan(row * width * Channels, width * Channels));
        }

        return crop;
    }
}
