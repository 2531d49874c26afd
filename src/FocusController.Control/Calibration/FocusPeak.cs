namespace FocusController.Control.Calibration;

/// <summary>
/// The top of a focus-measure curve to a fraction of the sampling step: a least-squares parabola through the samples
/// within a half-width of the best one. A symmetric window around the best sample keeps the vertex unbiased for a
/// curve that is symmetric about focus.
/// </summary>
public sealed record FocusPeak(double PositionUm, double Score, int Points)
{
    /// <summary>
    /// The fitted peak of <paramref name="samples"/> (position, score), or null when the best sample lies on the edge
    /// of the samples (the peak is outside them), fewer than three samples fall in the window, or they do not curve down.
    /// </summary>
    public static FocusPeak? Fit(IReadOnlyList<(double PositionUm, double Score)> samples, double halfWidthUm)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 3)
        {
            return null;
        }

        var ordered = samples.OrderBy(s => s.PositionUm).ToArray();
        var best = Array.IndexOf(ordered, ordered.MaxBy(s => s.Score));
        if (best == 0 || best == ordered.Length - 1)
        {
            return null;
        }

        var centre = ordered[best].PositionUm;
        var window = ordered.Where(s => Math.Abs(s.PositionUm - centre) <= halfWidthUm + 1e-9).ToArray();
        if (window.Length < 3)
        {
            // a coarse sampling: the best sample and its two neighbours
            window = ordered[(best - 1)..(best + 2)];
        }

        // centred on the best sample so the normal equations stay well conditioned
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        foreach (var (x, y) in window)
        {
            var u = x - centre;
            var u2 = u * u;
            s0 += 1;
            s1 += u;
            s2 += u2;
            s3 += u2 * u;
            s4 += u2 * u2;
            t0 += y;
            t1 += u * y;
            t2 += u2 * y;
        }

        // solve [s4 s3 s2; s3 s2 s1; s2 s1 s0] [a b c] = [t2 t1 t0] by Cramer's rule
        var det = Det(s4, s3, s2, s3, s2, s1, s2, s1, s0);
        if (Math.Abs(det) < 1e-300)
        {
            return null;
        }

        var a = Det(t2, s3, s2, t1, s2, s1, t0, s1, s0) / det;
        var b = Det(s4, t2, s2, s3, t1, s1, s2, t0, s0) / det;
        var c = Det(s4, s3, t2, s3, s2, t1, s2, s1, t0) / det;
        if (!(a < 0))
        {
            return null;
        }

        var vertex = -b / (2 * a);
        var low = window[0].PositionUm - centre;
        var high = window[^1].PositionUm - centre;

        // a vertex outside the fitted samples is an extrapolation: keep it within them
        vertex = Math.Clamp(vertex, low, high);
        return new FocusPeak(centre + vertex, (a * vertex * vertex) + (b * vertex) + c, window.Length);
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
