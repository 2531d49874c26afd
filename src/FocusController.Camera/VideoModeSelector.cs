using FocusController.Imaging.PixelFormats;

namespace FocusController.Camera;

/// <summary>
/// Picks the mode to stream in. Without overrides: among YUYV and MJPEG modes of at least 1280x960, the highest
/// frame rate (a slow camera slows every focus step); on a tie the smaller frame (less USB bandwidth and decoding),
/// then YUYV (no JPEG artifacts, which remove exactly the fine detail defocus is judged by). When nothing reaches
/// 1280x960 the largest frame is taken. Configured format, size and rate narrow the choice; a configured value the
/// device does not offer is an error listing what it does offer.
/// </summary>
public static class VideoModeSelector
{
    public const int MinimumWidth = 1280;
    public const int MinimumHeight = 960;

    public static VideoMode Select(IReadOnlyCollection<VideoMode> offered, CameraOptions options, string devicePath)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(options);

        var usable = offered.Where(m => m.Format is FramePixelFormat.Yuyv or FramePixelFormat.Mjpeg).ToList();
        if (usable.Count == 0)
        {
            throw new VideoModeException($"{devicePath} offers no YUYV or MJPEG mode (it offers: {Describe(offered)})");
        }

        var candidates = usable;
        if (options.PixelFormat != CameraPixelFormatChoice.Auto)
        {
            var format = options.PixelFormat == CameraPixelFormatChoice.Mjpeg ? FramePixelFormat.Mjpeg : FramePixelFormat.Yuyv;
            candidates = candidates.Where(m => m.Format == format).ToList();
            if (candidates.Count == 0)
            {
                throw new VideoModeException($"Camera:PixelFormat is {options.PixelFormat.ToString().ToLowerInvariant()} but {devicePath} offers only: {Describe(usable)}");
            }
        }

        if (options.Width is int width && options.Height is int height)
        {
            var sized = candidates.Where(m => m.Width == width && m.Height == height).ToList();
            if (sized.Count == 0)
            {
                throw new VideoModeException($"Camera:Width/Height is {width}x{height} but {devicePath} offers: {Describe(candidates)}");
            }

            candidates = sized;
        }

        if (options.FramesPerSecond is double fps)
        {
            // Devices report rates as fractions (30000/1001); a configured 30 means 29.97 as well.
            var timed = candidates.Where(m => m.FramesPerSecond <= 0 || Math.Abs(m.FramesPerSecond - fps) < 0.1).ToList();
            if (timed.Count == 0)
            {
                throw new VideoModeException($"Camera:FramesPerSecond is {fps} but {devicePath} offers: {Describe(candidates)}");
            }

            candidates = timed;
        }

        var bigEnough = candidates.Where(m => m.Width >= MinimumWidth && m.Height >= MinimumHeight).ToList();
        if (bigEnough.Count > 0)
        {
            return bigEnough
                .OrderByDescending(m => m.FramesPerSecond)
                .ThenBy(m => m.Area)
                .ThenBy(m => m.Format == FramePixelFormat.Yuyv ? 0 : 1)
                .First();
        }

        return candidates
            .OrderByDescending(m => m.Area)
            .ThenByDescending(m => m.FramesPerSecond)
            .ThenBy(m => m.Format == FramePixelFormat.Yuyv ? 0 : 1)
            .First();
    }

    private static string Describe(IEnumerable<VideoMode> modes)
    {
        var list = modes.Select(m => m.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "nothing" : string.Join(", ", list);
    }
}

/// <summary>The device cannot stream in the configured or any usable mode; the message says what it offers.</summary>
public sealed class VideoModeException : Exception
{
    public VideoModeException()
    {
    }

    public VideoModeException(string message)
        : base(message)
    {
    }

    public VideoModeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
