namespace FocusController.Control;

/// <summary>
/// The classic search on a focus measure, as Micro-Manager's OughtaFocus does it: bracket the peak by steps that
/// grow by the golden ratio, then shrink the bracket by golden sections down to the tolerance. One frame per
/// probe; every probe stays within the search window.
/// </summary>
internal sealed class GoldenSectionSearch(FocusSession session, string phase, bool estimate)
{
    private const double Golden = 1.618033988749895;
    private const double Section = 0.3819660112501051;

    private readonly List<(double X, double F)> _probes = [];
    private int _firstFrame;

    /// <summary>
    /// Finds the peak, moves there and returns its position. Throws <see cref="FocusStoppedException"/> when the measure
    /// shows no peak, the peak lies on a travel limit, or the frame budget ran out before the bracket closed.
    /// </summary>
    public async Task<double> FocusAsync(FocusSample? start, CancellationToken cancellationToken)
    {
        var options = session.Options;
        var window = session.SearchWindow;
        var tolerance = session.Settings.ToleranceUm;
        _firstFrame = session.Frames;

        var x0 = session.PositionUm;
        var f0 = start?.Score is { } s0 && Math.Abs(start.PositionUm - x0) < 1e-3
            ? Record(x0, s0)
            : await ProbeAsync(x0, cancellationToken).ConfigureAwait(false);

        // bracket: find lo < mid < hi with f(mid) ≥ f(lo), f(hi), or run into the window's edge
        var h = options.ClassicInitialStepUm;
        var xb = FocusSession.Clamp(x0 + h, window);
        if (Math.Abs(xb - x0) < 1e-3)
        {
            xb = FocusSession.Clamp(x0 - h, window);
        }

        var fb = await ProbeAsync(xb, cancellationToken).ConfigureAwait(false);
        (double X, double F) a = (x0, f0), b = (xb, fb);
        (double X, double F)? c = null;
        if (fb < f0)
        {
            var xc = FocusSession.Clamp(x0 - (xb - x0), window);
            if (Math.Abs(xc - x0) < 1e-3)
            {
                c = (xb, fb);
                b = (x0, f0);
                a = (x0, f0);
            }
            else
            {
                var fc = await ProbeAsync(xc, cancellationToken).ConfigureAwait(false);
                if (fc <= f0)
                {
                    (a, b, c) = ((xc, fc), (x0, f0), (xb, fb));
                }
                else
                {
                    (a, b) = ((x0, f0), (xc, fc));
                }
            }
        }

        var edge = false;
        while (c is null)
        {
            var xc = FocusSession.Clamp(b.X + (Golden * (b.X - a.X)), window);
            if (Math.Abs(xc - b.X) < 1e-3)
            {
                // still rising at the edge of the window: the peak is there or beyond it
                edge = true;
                c = b;
                break;
            }

            var fc = await ProbeAsync(xc, cancellationToken).ConfigureAwait(false);
            if (fc < b.F)
            {
                c = (xc, fc);
            }
            else
            {
                (a, b) = (b, (xc, fc));
            }
        }

        // golden sections on [lo, hi] around mid
        var lo = Math.Min(a.X, c.Value.X);
        var hi = Math.Max(a.X, c.Value.X);
        var mid = b;
        while (hi - lo > 1.5 * tolerance)
        {
            var x = hi - mid.X > mid.X - lo ? mid.X + (Section * (hi - mid.X)) : mid.X - (Section * (mid.X - lo));
            var fx = await ProbeAsync(x, cancellationToken).ConfigureAwait(false);
            if (fx > mid.F)
            {
                if (x > mid.X)
                {
                    lo = mid.X;
                }
                else
                {
                    hi = mid.X;
                }

                mid = (x, fx);
            }
            else if (x > mid.X)
            {
                hi = x;
            }
            else
            {
                lo = x;
            }
        }

        var fmax = _probes.Max(p => p.F);
        var fmin = _probes.Min(p => p.F);
        if (fmax - fmin <= options.MinPeakContrast * Math.Abs(fmax))
        {
            throw new FocusStoppedException(FocusResult.NoFocusHere, start?.Estimate is { HasValue: false } ? FocusReasons.BlankField : FocusReasons.NoPeak);
        }

        session.Note("classic_peak");
        await session.MoveToAsync(mid.X, cancellationToken).ConfigureAwait(false);
        var travel = session.TravelWindow;
        if (edge && (Math.Abs(mid.X - travel.Low) < tolerance || Math.Abs(mid.X - travel.High) < tolerance))
        {
            throw new FocusStoppedException(FocusResult.NoFocusHere, FocusReasons.Limit);
        }

        if (edge)
        {
            // the peak is beyond the search span: the scores only rose towards it
            throw new FocusStoppedException(FocusResult.NoFocusHere, FocusReasons.NoConvergence);
        }

        return mid.X;
    }

    private double Record(double x, double f)
    {
        _probes.Add((x, f));
        return f;
    }

    private async Task<double> ProbeAsync(double x, CancellationToken cancellationToken)
    {
        if (session.Frames - _firstFrame >= session.Options.MaxClassicFrames)
        {
            throw new FocusStoppedException(FocusResult.NoFocusHere, FocusReasons.NoConvergence);
        }

        await session.MoveToAsync(x, cancellationToken).ConfigureAwait(false);
        var sample = await session.SampleAsync(phase, estimate, score: true, cancellationToken).ConfigureAwait(false);
        return Record(sample.PositionUm, sample.Score ?? double.NaN);
    }
}
