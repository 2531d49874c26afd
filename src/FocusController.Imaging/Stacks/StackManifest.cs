using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FocusController.Imaging.Stacks;

/// <summary>dataset.json of a labelled-stack directory (docs/contracts.md, "Labelled stacks").</summary>
public sealed record StackManifest
{
    public const string FileName = "dataset.json";
    public const string FormatName = "focuscontroller-stacks";
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("format")]
    public string Format { get; init; } = FormatName;

    [JsonPropertyName("format_version")]
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary><c>simulated</c> or <c>microscope</c>.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("objective")]
    public required string Objective { get; init; }

    [JsonPropertyName("pixel_size_um")]
    public required double PixelSizeUm { get; init; }

    [JsonPropertyName("range_um")]
    public required double RangeUm { get; init; }

    [JsonPropertyName("step_um")]
    public required double StepUm { get; init; }

    [JsonPropertyName("width")]
    public required int Width { get; init; }

    [JsonPropertyName("height")]
    public required int Height { get; init; }

    [JsonPropertyName("seed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? Seed { get; init; }

    [JsonPropertyName("kinds")]
    public required IReadOnlyList<string> Kinds { get; init; }

    [JsonPropertyName("generator")]
    public required string Generator { get; init; }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // a version's '+' stays '+' rather than \u002B; the file is read by people and Python, not embedded in HTML
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses a manifest; <see cref="InvalidDataException"/> names the file and what is wrong.</summary>
    public static StackManifest Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        StackManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<StackManifest>(File.ReadAllText(path), Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a stack manifest ({ex.Message})", ex);
        }

        if (manifest is null || manifest.Format != FormatName)
        {
            throw new InvalidDataException($"{path}: format is not '{FormatName}'");
        }

        if (manifest.FormatVersion != CurrentFormatVersion)
        {
            throw new InvalidDataException($"{path}: format_version {manifest.FormatVersion} is not supported (expected {CurrentFormatVersion})");
        }

        return manifest;
    }

    /// <summary>True when another manifest describes the same dataset (everything but the generator's version).</summary>
    public bool SameDatasetAs(StackManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Source == other.Source && string.Equals(Objective, other.Objective, StringComparison.OrdinalIgnoreCase)
            && PixelSizeUm == other.PixelSizeUm && RangeUm == other.RangeUm && StepUm == other.StepUm
            && Width == other.Width && Height == other.Height && Seed == other.Seed && Kinds.SequenceEqual(other.Kinds);
    }
}
