namespace FocusController.Motion;

/// <summary>A move stopped because the limit switch closed; the axis knows where it stopped.</summary>
public sealed class LimitSwitchException : Exception
{
    public LimitSwitchException()
    {
    }

    public LimitSwitchException(string message)
        : base(message)
    {
    }

    public LimitSwitchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
