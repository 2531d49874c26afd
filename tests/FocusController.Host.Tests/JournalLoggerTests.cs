using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using FocusController.Host.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FocusController.Host.Tests;

public sealed partial class JournalLoggerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("journal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_focus_outcome_reaches_the_journal_as_one_entry_with_its_figures_as_fields()
    {
        string path = Path.Combine(_directory, "socket");
        using var journal = BindJournal(path);
        using var provider = new JournalLoggerProvider(path);
        var logger = provider.CreateLogger("FocusController.Host.Daemon.FocusLoop");

        LogOutcome(logger, "single-shot", Outcome.InFocus, 3, 1234.5, -0.25);

        var fields = Receive(journal);
        Assert.Equal("Focus single-shot: InFocus in 3 frames, 1234.5 ms, final -0.25 um", fields["MESSAGE"]);
        Assert.Equal("6", fields["PRIORITY"]);
        Assert.Equal("focuscontroller", fields["SYSLOG_IDENTIFIER"]);
        Assert.Equal("FocusController.Host.Daemon.FocusLoop", fields["LOGGER"]);
        Assert.Equal("single-shot", fields["FOCUS_STRATEGY"]);
        Assert.Equal("in_focus", fields["FOCUS_RESULT"]);
        Assert.Equal("3", fields["FOCUS_FRAMES"]);
        Assert.Equal("1234.5", fields["FOCUS_ELAPSED_MS"]);
        Assert.Equal("-0.25", fields["FOCUS_FINAL_ESTIMATE_UM"]);
        Assert.DoesNotContain(fields.Keys, k => k.Contains("ORIGINAL", StringComparison.Ordinal));
        Assert.Equal("42", fields["EVENT_ID"]);
    }

    [Fact]
    public void An_exception_travels_in_the_binary_form_so_its_newlines_do_not_split_the_entry()
    {
        string path = Path.Combine(_directory, "socket");
        using var journal = BindJournal(path);
        using var provider = new JournalLoggerProvider(path);
        var logger = provider.CreateLogger("test");

        logger.LogError(new InvalidOperationException("line one\nline two"), "Focus run failed");

        var fields = Receive(journal);
        Assert.Equal("3", fields["PRIORITY"]);
        Assert.StartsWith("Focus run failed\nSystem.InvalidOperationException: line one\nline two", fields["MESSAGE"], StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException", fields["EXCEPTION_TYPE"]);
    }

    [Fact]
    public void With_the_journal_gone_the_line_goes_to_the_fallback_writer_and_logging_does_not_throw()
    {
        var fallback = new StringWriter();
        using var provider = new JournalLoggerProvider(Path.Combine(_directory, "no-such-socket"), fallback);

        provider.CreateLogger("test").LogWarning("Camera lost");

        Assert.Equal(1, provider.Dropped);
        Assert.Contains("Camera lost", fallback.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FinalEstimateUm", "FOCUS_FINAL_ESTIMATE_UM")]
    [InlineData("ElapsedMs", "FOCUS_ELAPSED_MS")]
    [InlineData("frame", "FOCUS_FRAME")]
    [InlineData("x.y-z", "FOCUS_X_Y_Z")]
    [InlineData("Pin2Level", "FOCUS_PIN2_LEVEL")]
    [InlineData("{}", null)]
    public void Placeholder_names_become_valid_journal_field_names(string placeholder, string? expected) =>
        Assert.Equal(expected, JournalEntry.FieldName(placeholder));

    [Fact]
    public void Field_names_stay_within_the_journal_limit_of_64_characters()
    {
        string? name = JournalEntry.FieldName(new string('a', 200));
        Assert.NotNull(name);
        Assert.Equal(64, name.Length);
    }

    [Fact]
    public void Only_a_daemon_that_systemd_attached_to_the_journal_logs_there()
    {
        string path = Path.Combine(_directory, "socket");
        using var journal = BindJournal(path);
        Assert.True(JournalLoggerProvider.JournalAttached("8:1234", path));
        Assert.False(JournalLoggerProvider.JournalAttached(null, path));
        Assert.False(JournalLoggerProvider.JournalAttached("8:1234", Path.Combine(_directory, "absent")));
    }

    private static Socket BindJournal(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    /// <summary>Parses one native-protocol datagram the way journald does.</summary>
    private static Dictionary<string, string> Receive(Socket journal)
    {
        var buffer = new byte[65536];
        int length = journal.Receive(buffer);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        int at = 0;
        while (at < length)
        {
            int end = Array.IndexOf(buffer, (byte)'\n', at, length - at);
            int equals = Array.IndexOf(buffer, (byte)'=', at, end - at);
            if (equals >= 0)
            {
                fields.Add(Encoding.ASCII.GetString(buffer, at, equals - at), Encoding.UTF8.GetString(buffer, equals + 1, end - equals - 1));
                at = end + 1;
            }
            else
            {
                string name = Encoding.ASCII.GetString(buffer, at, end - at);
                int size = (int)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(end + 1, 8));
                fields.Add(name, Encoding.UTF8.GetString(buffer, end + 9, size));
                Assert.Equal((byte)'\n', buffer[end + 9 + size]);
                at = end + 10 + size;
            }
        }

        return fields;
    }

    private enum Outcome
    {
        InFocus,
    }

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Focus {Strategy}: {Result} in {Frames} frames, {ElapsedMs} ms, final {FinalEstimateUm} um")]
    private static partial void LogOutcome(ILogger logger, string strategy, Outcome result, int frames, double elapsedMs, double finalEstimateUm);
}
