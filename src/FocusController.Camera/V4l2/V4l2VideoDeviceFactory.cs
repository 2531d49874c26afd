using System.Globalization;
using System.Text.RegularExpressions;
using FocusController.Imaging.PixelFormats;
using Iot.Device.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FocusController.Camera.V4l2;

/// <summary>V4L2 devices through Iot.Device.Media.VideoDevice 4.2.0 (plus the ioctls it lacks, see <see cref="NativeMethods"/>).</summary>
public sealed partial class V4l2VideoDeviceFactory : IVideoDeviceFactory
{
    private static readonly (VideoPixelFormat Device, FramePixelFormat Ours)[] Formats =
    [
        (VideoPixelFormat.YUYV, FramePixelFormat.Yuyv),
        (VideoPixelFormat.MJPEG, FramePixelFormat.Mjpeg),
        (VideoPixelFormat.RGB24, FramePixelFormat.Rgb24),
    ];

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _deviceDirectory;

    public V4l2VideoDeviceFactory(TimeProvider? time = null, ILogger<V4l2VideoDeviceFactory>? logger = null)
        : this("/dev", time, logger)
    {
    }

    /// <summary>Looks for video nodes in <paramref name="deviceDirectory"/> instead of /dev (for tests and odd layouts).</summary>
    public V4l2VideoDeviceFactory(string deviceDirectory, TimeProvider? time, ILogger? logger)
    {
        _deviceDirectory = deviceDirectory;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public IReadOnlyList<string> ListDevices()
    {
        if (!Directory.Exists(_deviceDirectory))
        {
            return [];
        }

        return [.. Directory.EnumerateFileSystemEntries(_deviceDirectory, "video*")
            .Select(path => (Path: path, Match: VideoNode().Match(Path.GetFileName(path))))
            .Where(p => p.Match.Success)
            .OrderBy(p => int.Parse(p.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(p => p.Path)];
    }

    public IReadOnlyList<VideoMode> GetModes(string devicePath)
    {
        int busId = BusId(devicePath);
        using var device = VideoDevice.Create(new VideoConnectionSettings(busId, (0, 0), VideoPixelFormat.YUYV));
        var offered = device.GetSupportedPixelFormats().ToHashSet();
        using var native = new V4l2DeviceControls(devicePath);
        var modes = new List<VideoMode>();
        foreach (var (deviceFormat, format) in Formats.Where(f => offered.Contains(f.Device)))
        {
            foreach (var (width, height) in Sizes(device.GetPixelFormatResolutions(deviceFormat)))
            {
                var rates = native.FrameRates((uint)deviceFormat, width, height);
                if (rates.Count == 0)
                {
                    modes.Add(new VideoMode(format, width, height, 0));
                }

                modes.AddRange(rates.Select(fps => new VideoMode(format, width, height, fps)));
            }
        }

        return modes;
    }

    public IVideoCapture Open(string devicePath, VideoMode mode, CameraControls controls)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(controls);
        int busId = BusId(devicePath);
        return new V4l2Capture(devicePath, busId, mode, controls, _time, refused => LogRefusedControl(_logger, refused));
    }

    /// <summary>VideoDevice addresses /dev/video{BusId}; a /dev/v4l/by-id link is followed to its node.</summary>
    private static int BusId(string devicePath)
    {
        if (!File.Exists(devicePath))
        {
            throw new VideoDeviceNotFoundException($"{devicePath}: no such video device");
        }

        var target = File.ResolveLinkTarget(devicePath, returnFinalTarget: true)?.FullName ?? devicePath;
        var match = VideoNode().Match(Path.GetFileName(target));
        if (!match.Success || Path.GetDirectoryName(target) != "/dev")
        {
            throw new VideoDeviceNotFoundException($"{devicePath}: not a /dev/videoN node (it resolves to {target})");
        }

        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Discrete sizes as listed; for stepwise ranges the largest size and 1280x960 when it lies inside.</summary>
    private static IEnumerable<(int Width, int Height)> Sizes(IEnumerable<Resolution> resolutions)
    {
        foreach (var r in resolutions)
        {
            if (r.MaxWidth == 0 || r.MaxHeight == 0)
            {
                continue;
            }

            yield return ((int)r.MaxWidth, (int)r.MaxHeight);
            if (r.Type != ResolutionType.Discrete
                && r.MinWidth <= VideoModeSelector.MinimumWidth && r.MaxWidth > VideoModeSelector.MinimumWidth
                && r.MinHeight <= VideoModeSelector.MinimumHeight && r.MaxHeight > VideoModeSelector.MinimumHeight)
            {
                yield return (VideoModeSelector.MinimumWidth, VideoModeSelector.MinimumHeight);
            }
        }
    }

    [GeneratedRegex(@"^video(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VideoNode();

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Camera control not applied: {Control}")]
    private static partial void LogRefusedControl(ILogger logger, string control);
}
