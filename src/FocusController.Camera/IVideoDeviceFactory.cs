namespace FocusController.Camera;

/// <summary>
/// The seam between the camera logic and V4L2: finds devices, lists their modes, opens a stream. The real one is
/// <see cref="V4l2VideoDeviceFactory"/>; tests use a fake that generates YUYV and MJPEG buffers.
/// </summary>
public interface IVideoDeviceFactory
{
    /// <summary>Video device nodes present now, in index order.</summary>
    IReadOnlyList<string> ListDevices();

    /// <summary>The modes the device can stream in. Throws <see cref="VideoDeviceNotFoundException"/> when it is not there.</summary>
    IReadOnlyList<VideoMode> GetModes(string devicePath);

    /// <summary>Opens the device and starts streaming in <paramref name="mode"/> with the given controls applied.</summary>
    IVideoCapture Open(string devicePath, VideoMode mode, CameraControls controls);
}

/// <summary>
/// A started stream. <see cref="ReadFrame"/> blocks until the next buffer, possibly forever on a wedged device, so
/// callers run it on a thread of its own. Disposing closes the device and should make a blocked read return or
/// throw, though a caller must not rely on it.
/// </summary>
public interface IVideoCapture : IDisposable
{
    VideoMode Mode { get; }

    /// <summary>The next buffer. Throws <see cref="IOException"/> (or another exception) when the device is gone.</summary>
    RawFrame ReadFrame();
}

/// <summary>Manual settings to apply when opening; nulls leave the device's value alone.</summary>
public sealed record CameraControls(bool Manual, int? ExposureMicroseconds, int? Gain, int? WhiteBalanceTemperatureKelvin)
{
    public static CameraControls From(CameraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CameraControls(!options.Auto, options.ExposureMicroseconds, options.Gain, options.WhiteBalanceTemperatureKelvin);
    }

    /// <summary>V4L2 exposure_time_absolute counts 100 µs units.</summary>
    public int? ExposureDeviceUnits => ExposureMicroseconds is int us ? Math.Max(1, (int)Math.Round(us / 100.0, MidpointRounding.AwayFromZero)) : null;
}

/// <summary>The configured device node does not exist (nothing plugged in, or another index).</summary>
public sealed class VideoDeviceNotFoundException : Exception
{
    public VideoDeviceNotFoundException()
    {
    }

    public VideoDeviceNotFoundException(string message)
        : base(message)
    {
    }

    public VideoDeviceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
