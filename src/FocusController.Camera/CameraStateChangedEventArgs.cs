namespace FocusController.Camera;

/// <summary>The camera went from <see cref="Previous"/> to <see cref="Current"/>; <see cref="Cause"/> says why it was lost.</summary>
public sealed class CameraStateChangedEventArgs(CameraState previous, CameraState current, Exception? cause) : EventArgs
{
    public CameraState Previous { get; } = previous;

    public CameraState Current { get; } = current;

    public Exception? Cause { get; } = cause;
}
