namespace FocusController.Control;

/// <summary>
/// The latest estimates read on either side of focus during one run. Once the corrections have seen focus from both
/// sides, the estimate's zero lies between those two positions, and interpolating between them uses the slope the
/// model shows on this specimen instead of assuming it reads one µm per µm. Near focus it does not: it over-reads some
/// specimens, so plain corrections swing from one side to the other, and under-reads others, so they creep. The
/// bracket also bounds a misread frame's damage: a target never leaves it.
/// </summary>
internal sealed class FocusBracket
{
    private Reading? _below;
    private Reading? _above;

    /// <summary>Adds an in-range estimate taken at <paramref name="positionUm"/>; zero itself is on neither side.</summary>
    public void Add(double positionUm, double estimateUm)
    {
        if (estimateUm < 0)
        {
            _below = new Reading(positionUm, estimateUm);
        }
        else if (estimateUm > 0)
        {
            _above = new Reading(positionUm, estimateUm);
        }
    }

    /// <summary>Forgets both sides: after the axis direction changes or a search moves far, they no longer bracket.</summary>
    public void Clear()
    {
        _below = null;
        _above = null;
    }

    /// <summary>
    /// Where the estimate crosses zero between the two sides, by linear interpolation, and how far apart the sides are;
    /// false until both sides are known, or when they lie the wrong way round for an axis of sign
    /// <paramref name="axisSign"/> (defocus grows with position times that sign), which a misread frame or a slipping
    /// axis can cause and which then brackets nothing.
    /// </summary>
    public bool TryGetZero(double axisSign, out double zeroUm, out double widthUm)
    {
        zeroUm = double.NaN;
        widthUm = double.NaN;
        if (_below is not { } below || _above is not { } above || axisSign * (above.PositionUm - below.PositionUm) <= 0)
        {
            return false;
        }

        widthUm = Math.Abs(above.PositionUm - below.PositionUm);
        zeroUm = below.PositionUm + ((above.PositionUm - below.PositionUm) * (-below.EstimateUm / (above.EstimateUm - below.EstimateUm)));
        return true;
    }

    private readonly record struct Reading(double PositionUm, double EstimateUm);
}
