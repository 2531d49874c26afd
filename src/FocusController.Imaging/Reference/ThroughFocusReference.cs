using System.Numerics;

namespace FocusController.Imaging.Reference;

/// <summary>
/// A specimen's own look at a few known focus offsets, and where a new frame of it sits among them. Frames of one
/// field at different defocus differ in ways no model reads as reliably as the specimen itself: a phase structure
/// that turns dark below focus turns bright above it, so a frame correlates best with the reference taken at its own
/// offset, on either side (a reference z-stack, as drift-correcting focus locks use). The model reads any specimen;
/// this reads one specimen, well, for as long as it does not change.
/// <para>
/// Frames are compared as the normalized cross-correlation of their luminance over a central region, after a small
/// search over whole-pixel shifts that follows a slide creeping sideways between frames (around the shift found
/// last, up to <see cref="MaxShift"/> pixels). Offsets are interpolated between the two references either side of
/// the best one.
/// </para>
/// </summary>
public sealed class ThroughFocusReference
{
    /// <summary>Smallest compared region, pixels a side: below it a correlation is mostly noise.</summary>
    public const int MinRegionSide = 32;

    private readonly List<(double OffsetUm, float[] Pixels)> _references = [];
    private readonly LuminanceBuffer _luminance = new();
    private readonly int _searchRadius;
    private readonly int _maxRegionSide;
    private int _frameWidth;
    private int _frameHeight;
    private int _regionX;
    private int _regionY;
    private int _regionWidth;
    private int _regionHeight;
    private int _shiftX;
    private int _shiftY;

    /// <param name="maxShift">Largest sideways creep followed, pixels; the region keeps this margin inside the frame.</param>
    /// <param name="searchRadius">Shift searched around the last one found, pixels, per frame.</param>
    /// <param name="maxRegionSide">Largest compared region, pixels a side (the centre of a large frame is enough, and cheap).</param>
    public ThroughFocusReference(int maxShift = 16, int searchRadius = 2, int maxRegionSide = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        ArgumentOutOfRangeException.ThrowIfNegative(searchRadius);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRegionSide, MinRegionSide);
        MaxShift = maxShift;
        _searchRadius = searchRadius;
        _maxRegionSide = maxRegionSide;
    }

    public int MaxShift { get; }

    public int Count => _references.Count;

    /// <summary>Offsets of the references, µm, ascending.</summary>
    public IEnumerable<double> OffsetsUm => _references.Select(r => r.OffsetUm);

    /// <summary>Whether frames of this size leave a region of at least <see cref="MinRegionSide"/> inside the shift margin.</summary>
    public bool Fits(int frameWidth, int frameHeight) =>
        frameWidth - (2 * MaxShift) >= MinRegionSide && frameHeight - (2 * MaxShift) >= MinRegionSide;

    /// <summary>
    /// Adds the frame taken at <paramref name="offsetUm"/> from the focus the stack is about. Every frame must have the
    /// first one's size; a flat frame (no texture at all) is refused, since nothing can be matched against it.
    /// </summary>
    public void Add(double offsetUm, RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!double.IsFinite(offsetUm))
        {
            throw new ArgumentOutOfRangeException(nameof(offsetUm), offsetUm, "offset must be a finite number of µm");
        }

        if (_references.Count == 0)
        {
            if (!Fits(frame.Width, frame.Height))
            {
                throw new ArgumentException(
                    $"a {frame.Width}x{frame.Height} frame is too small for a reference: it needs at least {MinRegionSide + (2 * MaxShift)} pixels a side",
                    nameof(frame));
            }

            _frameWidth = frame.Width;
            _frameHeight = frame.Height;
            _regionWidth = Math.Min(frame.Width - (2 * MaxShift), _maxRegionSide);
            _regionHeight = Math.Min(frame.Height - (2 * MaxShift), _maxRegionSide);
            _regionX = (frame.Width - _regionWidth) / 2;
            _regionY = (frame.Height - _regionHeight) / 2;
        }
        else if (frame.Width != _frameWidth || frame.Height != _frameHeight)
        {
            throw new ArgumentException($"frame is {frame.Width}x{frame.Height}; the stack's frames are {_frameWidth}x{_frameHeight}", nameof(frame));
        }

        var pixels = new float[_regionWidth * _regionHeight];
        _luminance.Fill(frame);
        for (int y = 0; y < _regionHeight; y++)
        {
            _luminance.Row(_regionY + y).Slice(_regionX, _regionWidth).CopyTo(pixels.AsSpan(y * _regionWidth, _regionWidth));
        }

        if (!Normalize(pixels))
        {
            throw new ArgumentException("the frame is flat: there is nothing in it to match later frames against", nameof(frame));
        }

        int at = _references.FindIndex(r => r.OffsetUm > offsetUm);
        _references.Insert(at < 0 ? _references.Count : at, (offsetUm, pixels));
    }

    /// <summary>
    /// Where <paramref name="frame"/> sits among the references. <see cref="ReferenceMatch.None"/> when the stack is
    /// empty or the frame is of another size (the camera changed mode) or flat.
    /// </summary>
    public ReferenceMatch Locate(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_references.Count == 0 || frame.Width != _frameWidth || frame.Height != _frameHeight)
        {
            return ReferenceMatch.None;
        }

        _luminance.Fill(frame);

        // the shift and the reference are found together: a frame far from the reference it is registered on can
        // correlate with it weakly or even negatively (contrast inverted), and would then pick a wrong shift
        int count = _references.Count;
        var similarity = new double[count];
        var candidate = new double[count];
        var (bestX, bestY, best, top) = (_shiftX, _shiftY, double.NegativeInfinity, 0);
        for (int dy = -_searchRadius; dy <= _searchRadius; dy++)
        {
            for (int dx = -_searchRadius; dx <= _searchRadius; dx++)
            {
                int sx = _shiftX + dx;
                int sy = _shiftY + dy;
                if (Math.Abs(sx) > MaxShift || Math.Abs(sy) > MaxShift)
                {
                    continue;
                }

                var improved = false;
                for (int i = 0; i < count; i++)
                {
                    candidate[i] = Correlate(_references[i].Pixels, sx, sy);
                    if (candidate[i] > best)
                    {
                        (bestX, bestY, best, top) = (sx, sy, candidate[i], i);
                        improved = true;
                    }
                }

                if (improved)
                {
                    candidate.CopyTo(similarity, 0);
                }
            }
        }

        if (!double.IsFinite(best))
        {
            return ReferenceMatch.None;
        }

        double offset = _references[top].OffsetUm;
        if (top > 0 && top < similarity.Length - 1)
        {
            // vertex of the parabola through the best and its neighbours, in units of their mean spacing
            double below = similarity[top - 1];
            double above = similarity[top + 1];
            double curvature = below - (2 * similarity[top]) + above;
            if (curvature < 0)
            {
                double step = Math.Clamp(0.5 * (below - above) / curvature, -0.5, 0.5);
                double spacing = (_references[top + 1].OffsetUm - _references[top - 1].OffsetUm) / 2;
                offset += step * spacing;
            }
        }

        _shiftX = bestX;
        _shiftY = bestY;
        bool atEdge = top == 0 || top == similarity.Length - 1;
        bool shiftAtLimit = Math.Abs(bestX) == MaxShift || Math.Abs(bestY) == MaxShift;
        return new ReferenceMatch(offset, similarity[top], atEdge, bestX, bestY, shiftAtLimit);
    }

    /// <summary>
    /// Normalized cross-correlation of a reference (zero mean, unit norm) with the frame's region moved by (sx, sy):
    /// the reference's zero mean makes its dot product with the raw pixels equal that with their deviations.
    /// </summary>
    private double Correlate(float[] reference, int sx, int sy)
    {
        double dot = 0;
        double sum = 0;
        double squares = 0;
        for (int y = 0; y < _regionHeight; y++)
        {
            var row = _luminance.Row(_regionY + sy + y).Slice(_regionX + sx, _regionWidth);
            var r = reference.AsSpan(y * _regionWidth, _regionWidth);
            var accDot = Vector<float>.Zero;
            var accSum = Vector<float>.Zero;
            var accSquares = Vector<float>.Zero;
            int x = 0;
            for (; x <= row.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                var f = new Vector<float>(row[x..]);
                accDot += f * new Vector<float>(r[x..]);
                accSum += f;
                accSquares += f * f;
            }

            double rowDot = Vector.Sum(accDot);
            double rowSum = Vector.Sum(accSum);
            double rowSquares = Vector.Sum(accSquares);
            for (; x < row.Length; x++)
            {
                rowDot += row[x] * r[x];
                rowSum += row[x];
                rowSquares += row[x] * row[x];
            }

            dot += rowDot;
            sum += rowSum;
            squares += rowSquares;
        }

        double n = reference.Length;
        double variance = squares - (sum * sum / n);
        return variance > 1e-9 * n ? dot / Math.Sqrt(variance) : double.NaN;
    }

    /// <summary>Removes the mean and scales to unit norm; false for a flat region.</summary>
    private static bool Normalize(float[] pixels)
    {
        double mean = 0;
        foreach (var p in pixels)
        {
            mean += p;
        }

        mean /= pixels.Length;
        double squares = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)(pixels[i] - mean);
            squares += pixels[i] * (double)pixels[i];
        }

        if (squares <= 1e-9 * pixels.Length)
        {
            return false;
        }

        float scale = (float)(1 / Math.Sqrt(squares));
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] *= scale;
        }

        return true;
    }
}

/// <summary>
/// Where a frame sits in a <see cref="ThroughFocusReference"/>: its focus offset, µm (interpolated), the normalized
/// cross-correlation with the best reference (1 = the same image), whether the best was the first or last reference
/// (the frame may lie further out: the offset is then a bound), and by how many pixels the specimen has moved in the
/// frame since the references were taken (at <see cref="ThroughFocusReference.MaxShift"/>: it may have moved further).
/// </summary>
public readonly record struct ReferenceMatch(double OffsetUm, double Similarity, bool AtEdge, int ShiftX, int ShiftY, bool ShiftAtLimit)
{
    public static ReferenceMatch None { get; } = new(double.NaN, double.NaN, false, 0, 0, false);

    public bool Found => double.IsFinite(OffsetUm) && double.IsFinite(Similarity);
}
