using System.Text;

namespace FocusController.Imaging.Stacks;

/// <summary>
/// Writes a labelled-stack directory (docs/contracts.md): dataset.json, labels.csv and stacks/&lt;id&gt;/z±zz.zz.png.
/// A stack's rows reach labels.csv only after all its images are written, in one append, flushed to disk; so an
/// interrupted run resumes by skipping <see cref="CompletedStacks"/> and rewriting any stack not listed. Safe to use
/// from several threads: each builds its own stack, rows are appended under a lock. Used by the simulator and by
/// collection on a real microscope alike.
/// </summary>
public sealed class LabelledStackWriter : IDisposable
{
    private readonly Lock _lock = new();
    private readonly FileStream _labels;
    private readonly HashSet<string> _completed;

    private LabelledStackWriter(string directory, StackManifest manifest, FileStream labels, HashSet<string> completed)
    {
        Directory = directory;
        Manifest = manifest;
        _labels = labels;
        _completed = completed;
    }

    public string Directory { get; }

    public StackManifest Manifest { get; }

    /// <summary>Stacks already listed in labels.csv when the writer opened, plus those completed since.</summary>
    public IReadOnlySet<string> CompletedStacks
    {
        get
        {
            lock (_lock)
            {
                return new HashSet<string>(_completed, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>What opening <paramref name="directory"/> for <paramref name="manifest"/> would do; creates and changes nothing.</summary>
    public static StackDirectoryState Inspect(string directory, StackManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(manifest);
        if (File.Exists(directory))
        {
            return StackDirectoryState.NotADirectory;
        }

        if (!System.IO.Directory.Exists(directory) || !System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
        {
            return StackDirectoryState.New;
        }

        string manifestPath = Path.Combine(directory, StackManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            return StackDirectoryState.Occupied;
        }

        try
        {
            return StackManifest.Read(manifestPath).SameDatasetAs(manifest) ? StackDirectoryState.Resumable : StackDirectoryState.OtherDataset;
        }
        catch (InvalidDataException)
        {
            return StackDirectoryState.Occupied;
        }
    }

    /// <summary>
    /// Opens a directory: resumes a dataset with the same manifest, starts a new one in a missing or empty directory,
    /// and with <paramref name="overwrite"/> starts a new one over whatever is there (existing stack images are
    /// replaced as stacks are rewritten; other files are left alone).
    /// </summary>
    public static LabelledStackWriter Open(string directory, StackManifest manifest, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(manifest);
        var state = Inspect(directory, manifest);
        string labelsPath = Path.Combine(directory, StackPaths.LabelsFileName);
        switch (state)
        {
            case StackDirectoryState.NotADirectory:
                throw new IOException($"{directory}: is a file, not a directory");
            case StackDirectoryState.Resumable:
                var completed = ReadCompletedStacks(labelsPath);
                var append = new FileStream(labelsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
                return new LabelledStackWriter(directory, manifest, append, completed);
            case StackDirectoryState.Occupied or StackDirectoryState.OtherDataset when !overwrite:
                throw new IOException($"{directory}: not empty and not this dataset; pass overwrite to start a new dataset there");
            default:
                System.IO.Directory.CreateDirectory(Path.Combine(directory, StackPaths.StacksFolder));
                string manifestPath = Path.Combine(directory, StackManifest.FileName);
                File.WriteAllText(manifestPath + ".tmp", manifest.ToJson() + "\n", new UTF8Encoding(false));
                File.Move(manifestPath + ".tmp", manifestPath, overwrite: true);
                var labels = new FileStream(labelsPath, FileMode.Create, FileAccess.Write, FileShare.Read);
                var header = Encoding.UTF8.GetBytes(StackLabel.Header + "\n");
                labels.Write(header);
                labels.Flush(flushToDisk: true);
                return new LabelledStackWriter(directory, manifest, labels, new HashSet<string>(StringComparer.Ordinal));
        }
    }

    /// <summary>Starts writing a stack's images; nothing is listed until <see cref="StackBuilder.Complete"/>.</summary>
    public StackBuilder BeginStack(string stackId, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stackId);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (stackId.AsSpan().IndexOfAny("/\\,\r\n") >= 0 || stackId is "." or ".." || kind.AsSpan().IndexOfAny(",\r\n") >= 0)
        {
            throw new ArgumentException($"stack id '{stackId}' or kind '{kind}' holds a character not allowed in a path or a CSV field");
        }

        string folder = Path.Combine(Directory, StackPaths.StacksFolder, stackId);
        System.IO.Directory.CreateDirectory(folder);
        return new StackBuilder(this, stackId, kind, folder);
    }

    internal void Append(IReadOnlyList<StackLabel> rows, string stackId)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row.ToCsvRow()).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        lock (_lock)
        {
            if (!_completed.Add(stackId))
            {
                throw new InvalidOperationException($"stack {stackId} is already listed in {StackPaths.LabelsFileName}");
            }

            _labels.Write(bytes);
            _labels.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _labels.Dispose();

    // a crash mid-append can leave a partial last line: cut it off, its stack is then rewritten
    private static HashSet<string> ReadCompletedStacks(string labelsPath)
    {
        var completed = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(labelsPath))
        {
            File.WriteAllText(labelsPath, StackLabel.Header + "\n", new UTF8Encoding(false));
            return completed;
        }

        var bytes = File.ReadAllBytes(labelsPath);
        int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end < bytes.Length)
        {
            using var truncate = new FileStream(labelsPath, FileMode.Open, FileAccess.Write);
            truncate.SetLength(end);
        }

        var lines = Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 1; i < lines.Length; i++)
        {
            completed.Add(StackLabel.Parse(lines[i], labelsPath, i + 1).StackId);
        }

        return completed;
    }
}

/// <summary>What <see cref="LabelledStackWriter.Open"/> finds in a directory.</summary>
public enum StackDirectoryState
{
    /// <summary>Missing or empty: a new dataset starts.</summary>
    New,

    /// <summary>Holds this same dataset (same manifest): writing resumes.</summary>
    Resumable,

    /// <summary>Holds a dataset with another manifest.</summary>
    OtherDataset,

    /// <summary>Holds other files.</summary>
    Occupied,

    /// <summary>The path is a file.</summary>
    NotADirectory,
}

/// <summary>One stack being written: images go to disk as they come, rows are listed when the stack completes.</summary>
public sealed class StackBuilder
{
    private readonly LabelledStackWriter _writer;
    private readonly string _folder;
    private readonly List<StackLabel> _rows = [];
    private bool _completed;

    internal StackBuilder(LabelledStackWriter writer, string stackId, string kind, string folder)
    {
        _writer = writer;
        StackId = stackId;
        Kind = kind;
        _folder = folder;
    }

    public string StackId { get; }

    public string Kind { get; }

    public int Count => _rows.Count;

    /// <summary>Writes the image of defocus <paramref name="zUm"/> (PNG); a second image at the same z is refused.</summary>
    public void Add(double zUm, RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_completed, this);
        var manifest = _writer.Manifest;
        string relative = StackPaths.RelativeImagePath(StackId, zUm);
        if (_rows.Any(r => r.Image == relative))
        {
            throw new ArgumentException($"stack {StackId} already has an image at z = {zUm} um", nameof(zUm));
        }

        StackImageEncoder.WritePng(image, Path.Combine(_folder, StackPaths.ImageFileName(zUm)));
        _rows.Add(new StackLabel(relative, StackId, Math.Round(zUm, 2, MidpointRounding.AwayFromZero), manifest.Objective, manifest.PixelSizeUm, Kind));
    }

    /// <summary>Lists the stack's rows in labels.csv (flushed); after this the stack counts as done.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        _writer.Append(_rows, StackId);
    }
}
