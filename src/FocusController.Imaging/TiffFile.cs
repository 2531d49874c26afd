using BitMiracle.LibTiff.Classic;

namespace FocusController.Imaging;

/// <summary>
/// Reads TIFF, which Skia cannot decode (SKCodec has no TIFF codec), with LibTiff.NET: any sample depth,
/// greyscale, palette or RGB, strips or tiles, the usual compressions; converted to 8-bit RGB by libtiff's
/// RGBA interface (16-bit samples keep their high byte).
/// </summary>
internal static class TiffFile
{
    static TiffFile()
    {
        // libtiff prints its errors to the console by default; the caller reports one line of its own instead
        Tiff.SetErrorHandler(new SilentErrors());
    }

    /// <summary>Little- or big-endian TIFF magic ("II*\0" or "MM\0*"), classic or BigTIFF.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> header) =>
        header.Length >= 4
        && ((header[0] == 'I' && header[1] == 'I' && header[2] is 42 or 43 && header[3] == 0)
            || (header[0] == 'M' && header[1] == 'M' && header[2] == 0 && header[3] is 42 or 43));

    public static RgbImage Read(Stream stream, string sourceName)
    {
        using var tiff = Tiff.ClientOpen(sourceName, "r", stream, new TiffStream())
            ?? throw new InvalidImageException(sourceName, "not a readable TIFF");
        int width = tiff.GetField(TiffTag.IMAGEWIDTH)?[0].ToInt() ?? 0;
        int height = tiff.GetField(TiffTag.IMAGELENGTH)?[0].ToInt() ?? 0;
        if (width <= 0 || height <= 0)
        {
            throw new InvalidImageException(sourceName, "TIFF has no image size");
        }

        var raster = new int[checked(width * height)];
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT))
        {
            throw new InvalidImageException(sourceName, "TIFF decoding failed (corrupt, truncated or an unsupported layout)");
        }

        var image = new RgbImage(width, height);
        var rgb = image.Pixels.AsSpan();
        for (int i = 0, j = 0; i < raster.Length; i++, j += RgbImage.Channels)
        {
            int abgr = raster[i];
            rgb[j] = (byte)Tiff.GetR(abgr);
            rgb[j + 1] = (byte)Tiff.GetG(abgr);
            rgb[j + 2] = (byte)Tiff.GetB(abgr);
        }

        return image;
    }

    private sealed class SilentErrors : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }
    }
}
