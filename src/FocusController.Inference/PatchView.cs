namespace FocusController.Inference;

/// <summary>
/// One of the eight symmetries of a square patch: a number of quarter turns, after an optional left-right mirror.
/// Defocus does not change when a patch is turned or mirrored, and the network was trained on all eight (augmentation),
/// yet it reads each of them a little differently; averaging its readings of several views takes out part of that
/// scatter, which near focus decides whether a frame is read on the right side.
/// </summary>
public readonly record struct PatchView(int QuarterTurns, bool Mirrored)
{
    private static readonly PatchView[] Rotations = [new(0, false), new(1, false), new(2, false), new(3, false)];
    private static readonly PatchView[] Symmetries = [.. Rotations, new(0, true), new(1, true), new(2, true), new(3, true)];

    /// <summary>The patch as the camera saw it.</summary>
    public static PatchView AsSeen => default;

    /// <summary>The view counts an estimator can average: 1 (as seen), 4 (the quarter turns) or 8 (and their mirror images).</summary>
    public static IReadOnlyList<int> Counts { get; } = [1, 4, 8];

    /// <summary>The first <paramref name="count"/> views: as seen; the four quarter turns; all eight symmetries.</summary>
    public static ReadOnlySpan<PatchView> First(int count) => count switch
    {
        1 or 4 => Rotations.AsSpan(0, count),
        8 => Symmetries,
        _ => throw new ArgumentOutOfRangeException(nameof(count), count, "views must be 1, 4 or 8"),
    };

    /// <summary>
    /// The pixel of the original patch (side <paramref name="size"/>) shown at (<paramref name="x"/>, <paramref name="y"/>)
    /// in this view. Turns are counter-clockwise as displayed (y down), as numpy's rot90 turns an image array.
    /// </summary>
    public (int X, int Y) SourceOf(int x, int y, int size)
    {
        int last = size - 1;
        for (int turn = 0; turn < QuarterTurns; turn++)
        {
            (x, y) = (last - y, x);
        }

        return Mirrored ? (last - x, y) : (x, y);
    }
}
