using System.Text.Json;
using System.Text.Json.Serialization;
using FocusController.Imaging;

namespace FocusController.Simulation.Corpus;

/// <summary>
/// The corpus of real images that image specimens are made from (specimens/corpus.json, specimens/README.md): each
/// image with its source, licence and split. Splits are by source image, so no picture is on two sides: training and
/// datasets draw from <see cref="CorpusSplit.Train"/>, model selection from <see cref="CorpusSplit.Validation"/>, and
/// the bench and held-out figures from <see cref="CorpusSplit.Heldout"/> only.
/// </summary>
public sealed class SpecimenCorpus
{
    public const string Folder = "specimens";
    public const string ManifestName = "corpus.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    private SpecimenCorpus(string directory, IReadOnlyList<CorpusImage> images)
    {
        Directory = directory;
        Images = images;
    }

    public string Directory { get; }

    public IReadOnlyList<CorpusImage> Images { get; }

    public IReadOnlyList<CorpusImage> In(CorpusSplit split) => Images.Where(i => i.Split == split).ToArray();

    /// <summary>Reads a corpus manifest; the error names the file and what is wrong with it.</summary>
    public static SpecimenCorpus Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string path = Path.Combine(directory, ManifestName);
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), Json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: not a specimen corpus manifest ({ex.Message})", ex);
        }

        if (manifest?.Images is not { Count: > 0 } images || images.Any(i => string.IsNullOrWhiteSpace(i.Name) || string.IsNullOrWhiteSpace(i.File)))
        {
            throw new InvalidDataException($"{path}: no images listed, or an image without a name or file");
        }

        return new SpecimenCorpus(directory, images);
    }

    /// <summary>The corpus beside the program or above the working directory (as models are found), or null.</summary>
    public static SpecimenCorpus? Find() => FindDirectory(AppContext.BaseDirectory, Environment.CurrentDirectory) is { } dir ? Load(dir) : null;

    public static string? FindDirectory(string baseDirectory, string currentDirectory)
    {
        foreach (string start in new[] { baseDirectory, currentDirectory })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, Folder);
                if (File.Exists(Path.Combine(candidate, ManifestName)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The image's pixels (8-bit RGB).</summary>
    public RgbImage Read(CorpusImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ImageFile.Read(Path.Combine(Directory, image.File));
    }

    private sealed record Manifest(List<CorpusImage>? Images);
}

/// <summary>One source image of the corpus.</summary>
public sealed record CorpusImage(string Name, string File, string Category, CorpusSplit Split, string? SourcePackage, string? Licence);

public enum CorpusSplit
{
    Train,
    Validation,
    Heldout,
}
