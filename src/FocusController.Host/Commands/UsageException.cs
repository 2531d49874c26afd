namespace FocusController.Host.Commands;

/// <summary>Bad input to a tool command: the message names the argument, the value and what is allowed. Exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
