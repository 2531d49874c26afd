using SkiaSharp;

namespace FocusController.Imaging.Stacks;

/// <summary>
/// PNG for stack images: lossless like <see cref="ImageFile.WritePng"/> but with light zlib compression and the Sub
/// filter, about three times faster to write and some 15 % larger; a dataset writes tens of thousands of them.
/// </summary>
public static class StackImageEncoder
{
    private static readonly SKPngEncoderOptions Fast = new(SKPngEncoderFilterFlags.Sub, zLibLevel: 3);

    public static void WritePng(RgbImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(path);
        using var bitmap = ImageFile.ToBitmap(image);
        using var pixmap = bitmap.PeekPixels();
        using var stream = File.Create(path);
        if (!pixmap.Encode(stream, Fast))
        {
            throw new IOException($"{path}: PNG encoding failed");
        }
    }
}
