using System.Text.Json;
using System.Text.Json.Serialization;
using FocusController.Host.Daemon;

namespace FocusController.Host.Control;

/// <summary>
/// The local control protocol: the client writes one command word and a newline (`status`, `focus`, `reference`), the daemon
/// answers one JSON object and a newline, then closes. Small enough to speak with `socat` by hand.
/// </summary>
public static class ControlProtocol
{
    public const string Status = "status";
    public const string Focus = "focus";
    public const string Reference = "reference";
    public const int MaxRequestBytes = 256;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        // a local socket read by focusctl and people: no need to escape quotes and apostrophes
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

/// <summary>The daemon's reply to `focus`.</summary>
public sealed record FocusReply(bool Accepted, LastFocus? Outcome, string? Error);

/// <summary>The daemon's reply to a command it does not know or cannot serve.</summary>
public sealed record ErrorReply(string Error);
