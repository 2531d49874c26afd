namespace FocusController.Simulation.Optics;

/// <summary>
/// Weak-object transfer functions keyed by optics, grid, channel and defocus: they depend on nothing else, so a stack
/// or a live microscope computes each once. Bounded by bytes; the least recently used go first. Thread-safe; two
/// threads asking for the same missing key compute it once.
/// </summary>
public sealed class TransferFunctionCache
{
    private readonly long _capacityBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    public TransferFunctionCache(long capacityBytes = 384L * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        _capacityBytes = capacityBytes;
    }

    /// <summary>Defocus is keyed to 0.1 nm; closer values share a transfer function.</summary>
    public WeakObjectTransfer Get(SimulationGrid grid, OpticalSetup optics, int channel, double defocusUm)
    {
        ArgumentNullException.ThrowIfNull(optics);
        var key = new Key(grid, optics, channel, Math.Round(defocusUm, 4));
        Lazy<WeakObjectTransfer> lazy;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                lazy = node.Value.Transfer;
            }
            else
            {
                lazy = new Lazy<WeakObjectTransfer>(() => WeakObjectTransfer.Compute(grid, optics, channel, key.DefocusUm));
                var entry = new Entry(key, lazy, (long)grid.Count * 16);
                _entries[key] = _recency.AddFirst(entry);
                _bytes += entry.Bytes;
                while (_bytes > _capacityBytes && _recency.Count > 1)
                {
                    var last = _recency.Last!;
                    _recency.RemoveLast();
                    _entries.Remove(last.Value.Key);
                    _bytes -= last.Value.Bytes;
                }
            }
        }

        return lazy.Value;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    private readonly record struct Key(SimulationGrid Grid, OpticalSetup Optics, int Channel, double DefocusUm);

    private sealed record Entry(Key Key, Lazy<WeakObjectTransfer> Transfer, long Bytes);
}
