using System.Globalization;

namespace FocusController.Simulation.Datasets;

/// <summary>
/// The simulator's metadata beside a dataset's labels: <c>focal_planes.csv</c>, one row per stack, where the physical
/// focal plane lies from the clarity plane the labels are measured from (docs/contracts.md). Training does not read it;
/// physics checks and curious people do. A stack rendered twice (a resumed run) has two rows; the last one counts.
/// </summary>
public static class FocalPlanes
{
    public const string FileName = "focal_planes.csv";
    public const string Header = "stack_id,focal_plane_um";

    private static readonly Lock Gate = new();

    public static void Append(string directory, string stackId, double focalPlaneUm)
    {
        string path = Path.Combine(directory, FileName);
        string line = string.Create(CultureInfo.InvariantCulture, $"{stackId},{focalPlaneUm:0.00}\n");
        lock (Gate)
        {
            bool fresh = !File.Exists(path);
            File.AppendAllText(path, fresh ? Header + "\n" + line : line);
        }
    }

    /// <summary>The rows of a dataset's file, the last per stack; empty when there is none.</summary>
    public static IReadOnlyDictionary<string, double> Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        var planes = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return planes;
        }

        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                planes[parts[0]] = value;
            }
        }

        return planes;
    }
}
