using System.Globalization;
using FocusController.Imaging.PixelFormats;

namespace FocusController.Camera;

/// <summary>One way a device can stream: a pixel format, a frame size and a frame rate (0 when the device does not say).</summary>
public sealed record VideoMode(FramePixelFormat Format, int Width, int Height, double FramesPerSecond)
{
    public long Area => (long)Width * Height;

    /// <summary>One frame interval; a 30 fps guess when the device does not report its rate.</summary>
    public TimeSpan FramePeriod => TimeSpan.FromSeconds(1.0 / (FramesPerSecond > 0 ? FramesPerSecond : 30.0));

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Format.ToString().ToUpperInvariant()} {Width}x{Height} @ {(FramesPerSecond > 0 ? FramesPerSecond.ToString("0.##", CultureInfo.InvariantCulture) : "?")} fps");
}
