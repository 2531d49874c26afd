using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FocusController.Host.Logging;

/// <summary>
/// One journald entry in the native protocol (systemd.journal-fields(7), "Native Journal Protocol"): fields as
/// KEY=value lines, and the length-prefixed binary form for values that contain a newline. A log message's
/// named placeholders become fields of their own (ElapsedMs → ELAPSED_MS), so
/// `journalctl -u focuscontroller FOCUS_RESULT=in_focus -o json` finds focus outcomes with their figures.
/// </summary>
public static class JournalEntry
{
    public const string Identifier = "focuscontroller";

    /// <summary>Prefix of the fields taken from a message's placeholders, so they never collide with journald's own.</summary>
    public const string FieldPrefix = "FOCUS_";

    public static byte[] Encode(string category, LogLevel level, EventId eventId, string message, IEnumerable<KeyValuePair<string, object?>>? state, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream(256 + message.Length);
        Append(buffer, "MESSAGE", exception is null ? message : $"{message}\n{exception}");
        Append(buffer, "PRIORITY", Priority(level).ToString(CultureInfo.InvariantCulture));
        Append(buffer, "SYSLOG_IDENTIFIER", Identifier);
        Append(buffer, "LOGGER", category);
        if (eventId.Id != 0)
        {
            Append(buffer, "EVENT_ID", eventId.Id.ToString(CultureInfo.InvariantCulture));
        }

        if (eventId.Name is { Length: > 0 } name)
        {
            Append(buffer, "EVENT_NAME", name);
        }

        if (exception is not null)
        {
            Append(buffer, "EXCEPTION_TYPE", exception.GetType().FullName ?? exception.GetType().Name);
        }

        foreach (var (key, value) in state ?? [])
        {
            // the template itself is noise in the journal; the rendered MESSAGE says it
            if (key == "{OriginalFormat}" || FieldName(key) is not { } field)
            {
                continue;
            }

            Append(buffer, field, Format(value));
        }

        return buffer.ToArray();
    }

    /// <summary>syslog(3) priorities, which journald and `journalctl -p` use.</summary>
    public static int Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    /// <summary>
    /// FOCUS_ + the placeholder in upper snake case; null when nothing valid is left. journald accepts only
    /// A–Z, 0–9 and _ in field names, at most 64 characters, and drops the whole entry otherwise.
    /// </summary>
    public static string? FieldName(string placeholder)
    {
        ArgumentNullException.ThrowIfNull(placeholder);
        var name = new StringBuilder(FieldPrefix, 64);
        for (int i = 0; i < placeholder.Length && name.Length < 64; i++)
        {
            char c = placeholder[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(placeholder[i - 1]) || char.IsAsciiDigit(placeholder[i - 1])))
            {
                name.Append('_');
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(char.ToUpperInvariant(c));
            }
            else if (name[^1] != '_')
            {
                name.Append('_');
            }
        }

        string result = name.ToString().TrimEnd('_');
        return result.Length > FieldPrefix.Length ? result : null;
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        // enums as the JSON status shows them (InFocus → in_focus), so one query works for both
        Enum e => JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void Append(MemoryStream buffer, string field, string value)
    {
        buffer.Write(Encoding.ASCII.GetBytes(field));
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        if (Array.IndexOf(bytes, (byte)'\n') < 0)
        {
            buffer.WriteByte((byte)'=');
            buffer.Write(bytes);
        }
        else
        {
            // a value with a newline: the name, a newline, its length as 64-bit little endian, the raw bytes
            buffer.WriteByte((byte)'\n');
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        buffer.WriteByte((byte)'\n');
    }
}
