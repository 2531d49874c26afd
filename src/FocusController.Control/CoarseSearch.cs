namespace FocusController.Control;

/// <summary>
/// Brings the specimen into the model's range when the estimate says "at least this far" (saturated), is unsure, or
/// sees no content. A confident saturated estimate gives the direction: steps of about the range go that way. Without
/// one, steps go out from the start on both sides, and once the classic score shows which side is sharper, only that
/// way. Every step stays within the search window; the number of frames is bounded by the span over the step.
/// </summary>
internal sealed class CoarseSearch(FocusSession session, AxisDirection direction)
{
    public const string Phase = "coarse";

    /// <summary>
    /// A confident in-range sample, or null when content was seen but the model never came into range (the caller
    /// falls back to the classic search). Throws <see cref="FocusStoppedException"/> for a blank field.
    /// </summary>
    public async Task<FocusSample?> BringIntoRangeAsync(FocusSample start, CancellationToken cancellationToken)
    {
        var options = session.Options;
        var range = session.Rig.Estimator!.RangeUm;
        var step = options.CoarseStepRangeFraction * range;
        var window = session.SearchWindow;
        var origin = start.PositionUm;
        var rings = Math.Max(1, (int)Math.Floor(options.SearchSpanUm / step));
        var budget = (2 * rings) + 4;
        var visited = new List<FocusSample> { start };
        var sawContent = start.HasEstimate;
        var current = start;
        session.Note("coarse_search");

        for (var frame = 0; frame < budget; frame++)
        {
            if (session.IsUsable(current) && session.IsInRange(current))
            {
                return current;
            }

            var next = DirectedStep(current, step, window, visited) ?? ScanStep(origin, step, rings, window, visited);
            if (next is not { } target)
            {
                break;
            }

            await session.MoveToAsync(target, cancellationToken).ConfigureAwait(false);
            current = await session.SampleAsync(Phase, estimate: true, score: true, cancellationToken).ConfigureAwait(false);
            visited.Add(current);
            sawContent |= current.HasEstimate;
        }

        if (session.IsUsable(current) && session.IsInRange(current))
        {
            return current;
        }

        return sawContent ? null : throw new FocusStoppedException(FocusResult.NoFocusHere, FocusReasons.BlankField);
    }

    /// <summary>A confident "at least this far" points the way: one step towards focus, unless that was already visited.</summary>
    private double? DirectedStep(FocusSample current, double step, (double Low, double High) window, List<FocusSample> visited)
    {
        if (!session.IsUsable(current))
        {
            return null;
        }

        var target = FocusSession.Clamp(current.PositionUm - (direction.Sign * Math.Sign(current.DefocusUm) * step), window);
        return Math.Abs(target - current.PositionUm) > step / 4 && !Visited(target, step / 4, visited) ? target : null;
    }

    /// <summary>The next scan position out from the origin: alternating sides until the scores show the sharper side.</summary>
    private double? ScanStep(double origin, double step, int rings, (double Low, double High) window, List<FocusSample> visited)
    {
        var side = SharperSide(origin, step, visited);
        for (var ring = 1; ring <= rings; ring++)
        {
            foreach (var sign in side == 0 ? [1, -1] : new[] { side })
            {
                var target = origin + (sign * ring * step);
                if (target >= window.Low && target <= window.High && !Visited(target, step / 2, visited))
                {
                    return target;
                }
            }
        }

        return null;
    }

    /// <summary>+1 or −1 once the first ring's scores differ clearly; 0 while they do not (or are not both known).</summary>
    private int SharperSide(double origin, double step, List<FocusSample> visited)
    {
        var up = visited.FirstOrDefault(s => Math.Abs(s.PositionUm - (origin + step)) < step / 2 && s.Score is not null);
        var down = visited.FirstOrDefault(s => Math.Abs(s.PositionUm - (origin - step)) < step / 2 && s.Score is not null);
        if (up?.Score is not { } u || down?.Score is not { } d)
        {
            return 0;
        }

        var high = Math.Max(u, d);
        var low = Math.Min(u, d);
        return high - low > session.Options.MinPeakContrast * Math.Abs(high) ? (u > d ? 1 : -1) : 0;
    }

    private static bool Visited(double target, double within, List<FocusSample> visited) =>
        visited.Exists(s => Math.Abs(s.PositionUm - target) < within);
}
