namespace FocusController.Camera;

/// <summary>
/// The "Camera" section of the config file. Unset values mean "the best the device offers" (format, size, rate)
/// or "leave the device's current value" (exposure, gain, white balance, though still switched to manual unless
/// <see cref="Auto"/> is true).
/// </summary>
public sealed class CameraOptions
{
    public const string SectionName = "Camera";

    /// <summary>A device index ("0" for /dev/video0) or a path ("/dev/video2", "/dev/v4l/by-id/usb-...-video-index0").</summary>
    public string Device { get; set; } = "0";

    /// <summary>Capture width in pixels; set together with <see cref="Height"/> or not at all.</summary>
    public int? Width { get; set; }

    public int? Height { get; set; }

    public CameraPixelFormatChoice PixelFormat { get; set; } = CameraPixelFormatChoice.Auto;

    /// <summary>Frames per second to ask for; unset picks the highest the chosen size offers.</summary>
    public double? FramesPerSecond { get; set; }

    /// <summary>
    /// Manual exposure in microseconds. V4L2's exposure_time_absolute counts 100 µs units, so the value is rounded
    /// to the nearest 100 µs (at least 1 unit) when applied.
    /// </summary>
    public int? ExposureMicroseconds { get; set; }

    /// <summary>Analogue gain in the device's own units (see v4l2-ctl --list-ctrls for its range).</summary>
    public int? Gain { get; set; }

    /// <summary>White balance temperature in kelvin.</summary>
    public int? WhiteBalanceTemperatureKelvin { get; set; }

    /// <summary>
    /// False (the default) switches exposure, gain and white balance to manual where the device allows: automatic
    /// exposure drifting between frames changes contrast, which the defocus estimate would read as focus change.
    /// </summary>
    public bool Auto { get; set; }

    /// <summary>The device node this config names: an index becomes /dev/videoN.</summary>
    public string DevicePath => DevicePaths.Resolve(Device);
}

/// <summary>Which pixel format to negotiate.</summary>
public enum CameraPixelFormatChoice
{
    /// <summary>YUYV or MJPEG, whichever reaches 1280x960 at the higher frame rate (YUYV on a tie: no compression artifacts).</summary>
    Auto,
    Mjpeg,
    Yuyv,
}
