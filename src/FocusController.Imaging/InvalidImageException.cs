namespace FocusController.Imaging;

/// <summary>An image file or buffer that cannot be used; the message names the source and the problem.</summary>
public sealed class InvalidImageException : Exception
{
    public InvalidImageException(string source, string problem)
        : base($"{source}: {problem}")
    {
        SourceName = source;
    }

    public InvalidImageException()
    {
        SourceName = string.Empty;
    }

    public InvalidImageException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    public InvalidImageException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    public string SourceName { get; }
}
