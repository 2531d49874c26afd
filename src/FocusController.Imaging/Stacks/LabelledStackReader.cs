using System.Text;

namespace FocusController.Imaging.Stacks;

/// <summary>Reads a labelled-stack directory: the manifest, the rows, and the images they name.</summary>
public sealed class LabelledStackReader
{
    private LabelledStackReader(string directory, StackManifest manifest, IReadOnlyList<StackLabel> labels)
    {
        Directory = directory;
        Manifest = manifest;
        Labels = labels;
    }

    public string Directory { get; }

    public StackManifest Manifest { get; }

    public IReadOnlyList<StackLabel> Labels { get; }

    /// <summary>The rows of each stack, in file order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StackLabel>> Stacks =>
        Labels.GroupBy(l => l.StackId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<StackLabel>)g.ToList(), StringComparer.Ordinal);

    /// <summary>Opens a directory; <see cref="InvalidDataException"/> names the file and line of anything malformed.</summary>
    public static LabelledStackReader Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string manifestPath = Path.Combine(directory, StackManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new InvalidDataException($"{directory}: no {StackManifest.FileName}; not a labelled-stack directory");
        }

        var manifest = StackManifest.Read(manifestPath);
        string labelsPath = Path.Combine(directory, StackPaths.LabelsFileName);
        if (!File.Exists(labelsPath))
        {
            throw new InvalidDataException($"{directory}: no {StackPaths.LabelsFileName}");
        }

        var lines = File.ReadAllLines(labelsPath, Encoding.UTF8);
        if (lines.Length == 0 || lines[0] != StackLabel.Header)
        {
            throw new InvalidDataException($"{labelsPath}:1: header must be '{StackLabel.Header}'");
        }

        var labels = new List<StackLabel>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                labels.Add(StackLabel.Parse(lines[i], labelsPath, i + 1));
            }
        }

        return new LabelledStackReader(directory, manifest, labels);
    }

    public RgbImage ReadImage(StackLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return ImageFile.Read(Path.Combine(Directory, label.Image.Replace('/', Path.DirectorySeparatorChar)));
    }
}
