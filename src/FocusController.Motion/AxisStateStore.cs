using System.Text.Json;

namespace FocusController.Motion;

/// <summary>What the axis remembers across restarts.</summary>
/// <param name="PositionUm">Position relative to the reference; NaN when unknown.</param>
/// <param name="Moving">Written true before a move and false after it: still true on start means a crash mid-move.</param>
/// <param name="BacklashTakenUp">The last motion ended in the approach direction with the play taken up.</param>
public sealed record AxisState(double PositionUm, bool Moving, bool BacklashTakenUp, DateTimeOffset SavedAt);

/// <summary>
/// Keeps <see cref="AxisState"/> in a small JSON file in the state directory, written atomically (temp file, flush,
/// rename) so a power cut leaves either the old or the new state, never half a file.
/// </summary>
internal sealed class AxisStateStore
{
    public const string FileName = "focus-axis.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly string? _path;

    public AxisStateStore(string? directory)
    {
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            _path = Path.Combine(directory, FileName);
        }
    }

    /// <summary>The saved state; null when there is none (first start, or no state directory).</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a state file.</exception>
    public AxisState? Load()
    {
        if (_path is null || !File.Exists(_path))
        {
            return null;
        }

        StoredState? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredState>(File.ReadAllText(_path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_path} is not a focus-axis state file: {e.Message}", e);
        }

        if (stored is null)
        {
            throw new InvalidDataException($"{_path} is empty");
        }

        return new AxisState(stored.PositionUm ?? double.NaN, stored.Moving, stored.BacklashTakenUp, stored.SavedAt);
    }

    public void Save(AxisState state)
    {
        if (_path is null)
        {
            return;
        }

        var stored = new StoredState
        {
            PositionUm = double.IsFinite(state.PositionUm) ? state.PositionUm : null,
            Moving = state.Moving,
            BacklashTakenUp = state.BacklashTakenUp,
            SavedAt = state.SavedAt,
        };
        var temp = _path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, stored, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }

    // JSON has no NaN: an unknown position is stored as null.
    private sealed class StoredState
    {
        public double? PositionUm { get; set; }

        public bool Moving { get; set; }

        public bool BacklashTakenUp { get; set; }

        public DateTimeOffset SavedAt { get; set; }
    }
}
