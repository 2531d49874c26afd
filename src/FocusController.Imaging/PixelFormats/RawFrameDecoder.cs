using SkiaSharp;

namespace FocusController.Imaging.PixelFormats;

/// <summary>
/// Turns one camera buffer into RGB. Keeps its RGBA scratch bitmap between frames so a stream of same-sized JPEGs
/// does not allocate per frame beyond Skia's copy of the compressed bytes. Not thread-safe: one per stream.
/// </summary>
public sealed class RawFrameDecoder : IDisposable
{
    private SKBitmap? _scratch;

    /// <summary>
    /// Decodes <paramref name="buffer"/> (which may be longer than the image) into <paramref name="destination"/>,
    /// whose size must be the frame's. Throws <see cref="InvalidImageException"/> for a short, truncated or corrupt buffer.
    /// </summary>
    public void Decode(FramePixelFormat format, ReadOnlySpan<byte> buffer, RgbImage destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        switch (format)
        {
            case FramePixelFormat.Rgb24:
                CopyRgb24(buffer, destination);
                break;
            case FramePixelFormat.Yuyv:
                Yuyv.ToRgb(buffer, destination);
                break;
            case FramePixelFormat.Mjpeg:
                DecodeJpeg(JpegFrame.Trim(buffer), destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "pixel format must be Rgb24, Yuyv or Mjpeg");
        }
    }

    /// <summary>Decodes into a new image of the given size.</summary>
    public RgbImage Decode(FramePixelFormat format, ReadOnlySpan<byte> buffer, int width, int height)
    {
        var image = new RgbImage(width, height);
        Decode(format, buffer, image);
        return image;
    }

    public void Dispose()
    {
        _scratch?.Dispose();
        _scratch = null;
    }

    private static void CopyRgb24(ReadOnlySpan<byte> buffer, RgbImage destination)
    {
        int needed = destination.Pixels.Length;
        if (buffer.Length < needed)
        {
            throw new InvalidImageException("RGB24 frame", $"buffer holds {buffer.Length} bytes; a {destination.Width}x{destination.Height} RGB image needs {needed}");
        }

        buffer[..needed].CopyTo(destination.Pixels);
    }

    private void DecodeJpeg(ReadOnlySpan<byte> jpeg, RgbImage destination)
    {
        // Skia reads from memory it owns; one copy of the compressed bytes (~100–300 kB) is far cheaper than the decode.
        using var data = SKData.CreateCopy(jpeg);
        using var codec = SKCodec.Create(data) ?? throw new InvalidImageException("MJPEG frame", "not a decodable JPEG");
        if (codec.Info.Width != destination.Width || codec.Info.Height != destination.Height)
        {
            throw new InvalidImageException(
                "MJPEG frame",
                $"JPEG is {codec.Info.Width}x{codec.Info.Height}; the stream was negotiated at {destination.Width}x{destination.Height}");
        }

        var info = new SKImageInfo(destination.Width, destination.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (_scratch is null || _scratch.Width != info.Width || _scratch.Height != info.Height)
        {
            _scratch?.Dispose();
            _scratch = new SKBitmap(info);
        }

        var result = codec.GetPixels(info, _scratch.GetPixels());
        if (result != SKCodecResult.Success)
        {
            // IncompleteInput is an error here: a camera frame with missing rows would be estimated as blurred.
            throw new InvalidImageException("MJPEG frame", $"JPEG decoding failed ({result})");
        }

        var rgba = _scratch.GetPixelSpan();
        var rgb = destination.Pixels.AsSpan();
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgb[i] = rgba[j];
            rgb[i + 1] = rgba[j + 1];
            rgb[i + 2] = rgba[j + 2];
        }
    }
}
