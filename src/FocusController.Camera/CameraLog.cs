using Microsoft.Extensions.Logging;

namespace FocusController.Camera;

internal static partial class CameraLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Camera {Device} streaming {Mode}; a frame's exposure start is taken as {Exposure} before its arrival")]
    public static partial void Streaming(ILogger logger, string device, VideoMode mode, TimeSpan exposure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Camera {Device} lost; next attempt to reopen in {Delay}")]
    public static partial void Lost(ILogger logger, string device, TimeSpan delay, Exception cause);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Camera {Device}: skipped a frame that could not be decoded")]
    public static partial void CorruptFrame(ILogger logger, string device, Exception cause);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Camera {Device}: the capture thread did not stop within {Wait}; abandoning it (a read is blocked in the driver)")]
    public static partial void CaptureThreadAbandoned(ILogger logger, string device, TimeSpan wait);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Camera {Device}: closing the device failed")]
    public static partial void CloseFailed(ILogger logger, string device, Exception cause);
}
