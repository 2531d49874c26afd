using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace FocusController.Host.Logging;

/// <summary>
/// Logs straight to journald over its native socket, one datagram per entry with structured fields (see
/// <see cref="JournalEntry"/>). Used when systemd started us with the journal attached (JOURNAL_STREAM set);
/// the console logger is used otherwise.
/// </summary>
public sealed class JournalLoggerProvider : ILoggerProvider
{
    public const string DefaultSocketPath = "/run/systemd/journal/socket";

    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _journal;
    private readonly TextWriter _fallback;
    private long _dropped;

    public JournalLoggerProvider(string socketPath = DefaultSocketPath, TextWriter? fallback = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        _journal = new UnixDomainSocketEndPoint(socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _fallback = fallback ?? Console.Error;
    }

    /// <summary>Entries the journal refused (socket gone, entry too large); each also went to the fallback writer.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// True when systemd connected our output to the journal (it sets JOURNAL_STREAM then) and the journal's socket
    /// exists; a daemon started by hand from a shell logs to the console instead.
    /// </summary>
    public static bool JournalAttached(string? journalStream, string socketPath = DefaultSocketPath) =>
        !string.IsNullOrEmpty(journalStream) && File.Exists(socketPath);

    public ILogger CreateLogger(string categoryName) => new JournalLogger(this, categoryName);

    public void Dispose() => _socket.Dispose();

    internal void Send(byte[] entry, string message)
    {
        try
        {
            _socket.SendTo(entry, SocketFlags.None, _journal);
        }
        catch (SocketException)
        {
            // journald restarting or the entry over its datagram limit: the line must not be lost, and logging must never throw
            Interlocked.Increment(ref _dropped);
            _fallback.WriteLine(message);
        }
        catch (ObjectDisposedException)
        {
            _fallback.WriteLine(message);
        }
    }

    private sealed class JournalLogger(JournalLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string message = formatter(state, exception);
            var fields = state as IEnumerable<KeyValuePair<string, object?>>;
            provider.Send(JournalEntry.Encode(category, logLevel, eventId, message, fields, exception), message);
        }
    }
}
