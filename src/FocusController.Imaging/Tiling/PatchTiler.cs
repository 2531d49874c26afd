namespace FocusController.Imaging.Tiling;

/// <summary>
/// Cuts a frame into the model's patches (the s1..sh of the paper's Eq. 6) as a grid over the centre of the
/// field (see <see cref="PatchGridOptions"/>). A camera's frame size does not change between frames, so the
/// grid of the last size is kept and returned again without allocating.
/// </summary>
public sealed class PatchTiler
{
    private readonly PatchGridOptions _options;
    // one reference, swapped whole, so a reader on another thread never pairs one size with another's grid
    private Grid _last = new(0, 0, []);

    public PatchTiler(PatchGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public PatchGridOptions Options => _options;

    /// <summary>The patches of a frame of this size, row by row. Throws <see cref="FrameTooSmallException"/> below one patch.</summary>
    public IReadOnlyList<PatchRegion> Tile(int width, int height)
    {
        var last = _last;
        if (last.Width == width && last.Height == height)
        {
            return last.Regions;
        }

        int size = _options.PatchSize;
        if (width < size || height < size)
        {
            throw new FrameTooSmallException(width, height, size);
        }

        var xs = Positions(width, _options.Columns);
        var ys = Positions(height, _options.Rows);
        var regions = new PatchRegion[xs.Length * ys.Length];
        for (int row = 0; row < ys.Length; row++)
        {
            for (int column = 0; column < xs.Length; column++)
            {
                regions[(row * xs.Length) + column] = new PatchRegion(xs[column], ys[row], size, column, row);
            }
        }

        _last = new Grid(width, height, regions);
        return regions;
    }

    /// <summary>Evenly spaced starts over the central span of one axis; equal starts are kept once.</summary>
    private int[] Positions(int length, int count)
    {
        int size = _options.PatchSize;
        // at least room for the patches side by side, so a small frame spreads them (overlapping) over all of it
        // rather than stacking near-copies in the middle
        double span = Math.Clamp(Math.Max(_options.Coverage * length, count * size), size, length);
        double first = (length - span) / 2;
        double step = count > 1 ? (span - size) / (count - 1) : 0;
        var starts = new SortedSet<int>();
        for (int i = 0; i < count; i++)
        {
            // a single patch sits in the middle; several spread from the first edge of the span to the last
            double start = count > 1 ? first + (i * step) : (length - size) / 2.0;
            starts.Add(Math.Clamp((int)Math.Round(start, MidpointRounding.AwayFromZero), 0, length - size));
        }

        return [.. starts];
    }

    private sealed record Grid(int Width, int Height, PatchRegion[] Regions);
}
