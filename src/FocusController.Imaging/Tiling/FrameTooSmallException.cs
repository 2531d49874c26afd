namespace FocusController.Imaging.Tiling;

/// <summary>A frame that cannot hold a single model patch; no estimate can be made from it.</summary>
public sealed class FrameTooSmallException : Exception
{
    public FrameTooSmallException(int width, int height, int patchSize)
        : base($"frame is {width}x{height} pixels; at least {patchSize}x{patchSize} (one patch) is needed")
    {
    }

    public FrameTooSmallException()
    {
    }

    public FrameTooSmallException(string message)
        : base(message)
    {
    }

    public FrameTooSmallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
