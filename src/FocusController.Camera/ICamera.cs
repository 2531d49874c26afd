using FocusController.Imaging;

namespace FocusController.Camera;

/// <summary>
/// A source of timestamped frames. The real one reads V4L2; the virtual microscope's camera renders.
/// Both keep the same timing semantics: a frame's exposure starts at <see cref="CapturedFrame.ExposureStart"/>.
/// </summary>
public interface ICamera : IAsyncDisposable
{
    CameraState State { get; }

    /// <summary>
    /// The next frame whose exposure began at or after <paramref name="notBefore"/>; frames queued from before it are
    /// dropped. Used after every move so that no frame exposed while the knob turned is ever estimated.
    /// Throws <see cref="CameraLostException"/> when the device is gone.
    /// </summary>
    ValueTask<CapturedFrame> GetFrameAsync(DateTimeOffset notBefore, CancellationToken cancellationToken);
}

public enum CameraState
{
    Stopped,
    Streaming,
    CameraLost,
}

/// <summary>A frame and when its exposure began; <see cref="Sequence"/> counts frames since the stream started.</summary>
public sealed record CapturedFrame(RgbImage Image, DateTimeOffset ExposureStart, TimeSpan Exposure, long Sequence);

/// <summary>The camera is gone (unplugged, driver error); the message says which device and why.</summary>
public sealed class CameraLostException : Exception
{
    public CameraLostException()
    {
    }

    public CameraLostException(string message)
        : base(message)
    {
    }

    public CameraLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
