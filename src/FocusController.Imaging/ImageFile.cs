using SkiaSharp;

namespace FocusController.Imaging;

/// <summary>Reads and writes image files (PNG, JPEG, BMP, WebP through Skia; TIFF through LibTiff.NET) as <see cref="RgbImage"/>.</summary>
public static class ImageFile
{
    /// <summary>Decodes a file. Throws <see cref="InvalidImageException"/> naming the file when it is missing or not an image.</summary>
    public static RgbImage Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InvalidImageException(path, "file not found");
        }

        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[4];
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (TiffFile.HasSignature(header[..read]))
        {
            return TiffFile.Read(stream, path);
        }

        using var codec = SKCodec.Create(stream) ?? throw new InvalidImageException(path, "not a readable image (PNG, JPEG, BMP, WebP or TIFF expected)");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidImageException(path, $"decoding failed ({result})");
        }

        return FromRgba(bitmap.GetPixelSpan(), info.Width, info.Height);
    }

    /// <summary>Decodes an in-memory encoded image (a JPEG from a camera, say).</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string sourceName = "buffer")
    {
        if (TiffFile.HasSignature(encoded))
        {
            using var tiffStream = new MemoryStream(encoded.ToArray(), writable: false);
            return TiffFile.Read(tiffStream, sourceName);
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new InvalidImageException(sourceName, "not a decodable image");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidImageException(sourceName, $"decoding failed ({result})");
        }

        return FromRgba(bitmap.GetPixelSpan(), info.Width, info.Height);
    }

    /// <summary>Writes a PNG (lossless). The directory must exist.</summary>
    public static void WritePng(RgbImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var data = Encode(image, SKEncodedImageFormat.Png, 100);
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }

    /// <summary>Encodes to PNG or JPEG bytes.</summary>
    public static byte[] EncodeBytes(RgbImage image, SKEncodedImageFormat format, int quality = 90)
    {
        using var data = Encode(image, format, quality);
        return data.ToArray();
    }

    private static SKData Encode(RgbImage image, SKEncodedImageFormat format, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bitmap = ToBitmap(image);
        return bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia could not encode {format}");
    }

    /// <summary>An opaque RGBA bitmap holding the image, for drawing on it (annotations).</summary>
    public static SKBitmap ToBitmap(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var bitmap = new SKBitmap(info);
        var rgba = bitmap.GetPixelSpan();
        var rgb = image.Pixels.AsSpan();
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }

        return bitmap;
    }

    public static RgbImage FromBitmap(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType != SKColorType.Rgba8888)
        {
            using var converted = bitmap.Copy(SKColorType.Rgba8888);
            return FromRgba(converted.GetPixelSpan(), converted.Width, converted.Height);
        }

        return FromRgba(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height);
    }

    private static RgbImage FromRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var image = new RgbImage(width, height);
        var rgb = image.Pixels.AsSpan();
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgb[i] = rgba[j];
            rgb[i + 1] = rgba[j + 1];
            rgb[i + 2] = rgba[j + 2];
        }

        return image;
    }
}
