namespace FocusController.Imaging.PixelFormats;

/// <summary>The layouts a camera buffer can arrive in that <see cref="RawFrameDecoder"/> turns into RGB.</summary>
public enum FramePixelFormat
{
    /// <summary>Packed 8-bit R,G,B, the same layout as <see cref="RgbImage"/>.</summary>
    Rgb24,

    /// <summary>YUYV 4:2:2 (YUY2): Y0 U Y1 V per two pixels, BT.601 limited range, as UVC cameras send it.</summary>
    Yuyv,

    /// <summary>Motion JPEG: one baseline JPEG per buffer, often followed by stale bytes up to the buffer's end.</summary>
    Mjpeg,
}
