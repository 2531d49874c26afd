using FocusController.Imaging.Tiling;

namespace FocusController.Imaging;

/// <summary>
/// A reusable float buffer of luminance (Rec. 601 luma, 0..255) for the texture test and the focus measures.
/// It grows to the largest region it is filled from and never shrinks, so filling it per frame does not allocate.
/// </summary>
public sealed class LuminanceBuffer
{
    private const float WeightR = 0.299f;
    private const float WeightG = 0.587f;
    private const float WeightB = 0.114f;

    private float[] _data = [];

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>The filled pixels, row-major, <see cref="Width"/> per row.</summary>
    public ReadOnlySpan<float> Pixels => _data.AsSpan(0, Width * Height);

    public ReadOnlySpan<float> Row(int y) => _data.AsSpan(y * Width, Width);

    /// <summary>Fills with the whole image.</summary>
    public LuminanceBuffer Fill(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Fill(image, 0, 0, image.Width, image.Height);
    }

    /// <summary>Fills with one patch of the image.</summary>
    public LuminanceBuffer Fill(RgbImage image, PatchRegion region) => Fill(image, region.X, region.Y, region.Size, region.Size);

    public LuminanceBuffer Fill(RgbImage image, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > image.Width || y + height > image.Height)
        {
            throw new ArgumentOutOfRangeException(
                nameof(x),
                $"region {width}x{height} at ({x},{y}) is not inside the {image.Width}x{image.Height} image");
        }

        int needed = width * height;
        if (_data.Length < needed)
        {
            _data = new float[needed];
        }

        Width = width;
        Height = height;
        for (int row = 0; row < height; row++)
        {
            var source = image.ReadOnlyRow(y + row).Slice(x * RgbImage.Channels, width * RgbImage.Channels);
            var target = _data.AsSpan(row * width, width);
            for (int i = 0, j = 0; i < target.Length; i++, j += RgbImage.Channels)
            {
                target[i] = (WeightR * source[j]) + (WeightG * source[j + 1]) + (WeightB * source[j + 2]);
            }
        }

        return this;
    }

    /// <summary>
    /// Fills with luminance computed elsewhere from the same weights (<see cref="Luma"/>), e.g. a simulator's
    /// noise-free frame in floating point, so its focus measure is the camera frame's without 8-bit rounding.
    /// </summary>
    public LuminanceBuffer Fill(ReadOnlySpan<float> luminance, int width, int height)
    {
        if (width <= 0 || height <= 0 || luminance.Length != width * height)
        {
            throw new ArgumentException($"luminance holds {luminance.Length} values, not {width}x{height}", nameof(luminance));
        }

        if (_data.Length < luminance.Length)
        {
            _data = new float[luminance.Length];
        }

        Width = width;
        Height = height;
        luminance.CopyTo(_data);
        return this;
    }

    /// <summary>Rec. 601 luma of one RGB value, the weighting every <see cref="Fill(RgbImage)"/> uses.</summary>
    public static float Luma(double r, double g, double b) => (float)((WeightR * r) + (WeightG * g) + (WeightB * b));
}
