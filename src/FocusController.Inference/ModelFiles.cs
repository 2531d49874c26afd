namespace FocusController.Inference;

/// <summary>
/// Model file names (docs/contracts.md: ldse-net-&lt;objective&gt;.&lt;int8|fp32&gt;.onnx) and where the default one is looked for.
/// Search order, first hit wins:
/// 1. &lt;executable's base directory&gt;/models/ (the Host build copies models/*.onnx there);
/// 2. models/ in each parent of the base directory, nearest first (a build under the repository finds the repo's models/);
/// 3. models/ in the current directory and each of its parents, nearest first.
/// </summary>
public static class ModelFiles
{
    public const string Directory = "models";

    public static string FileName(string objective, ModelPrecision precision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objective);
        string suffix = precision switch
        {
            ModelPrecision.Int8 => "int8",
            ModelPrecision.Fp32 => "fp32",
            _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "int8 or fp32"),
        };
        return $"ldse-net-{objective}.{suffix}.onnx";
    }

    /// <summary>The directories searched, in order (see the class summary).</summary>
    public static IEnumerable<string> SearchDirectories(string baseDirectory, string currentDirectory)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string start in new[] { baseDirectory, currentDirectory })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, Directory);
                if (seen.Add(candidate))
                {
                    yield return candidate;
                }
            }
        }
    }

    /// <summary>The first existing file of that name in <see cref="SearchDirectories"/>, or null with the places looked in.</summary>
    public static string? Find(string fileName, out IReadOnlyList<string> searched) =>
        Find(fileName, AppContext.BaseDirectory, Environment.CurrentDirectory, out searched);

    public static string? Find(string fileName, string baseDirectory, string currentDirectory, out IReadOnlyList<string> searched)
    {
        var looked = new List<string>();
        searched = looked;
        foreach (string dir in SearchDirectories(baseDirectory, currentDirectory))
        {
            string path = Path.Combine(dir, fileName);
            looked.Add(dir);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
