using FocusController.Motion;

namespace FocusController.Control;

/// <summary>
/// The state of one autofocus run: counts frames and moves, keeps the trace and the best position seen, and makes
/// the two things every strategy does safe: moves never leave the limits or exceed the drive's largest move, and
/// no frame is taken before the last move has ended and settled.
/// </summary>
internal sealed class FocusSession
{
    private readonly FocusRig _rig;
    private readonly List<FocusStep> _trace = [];
    private readonly DateTimeOffset _started;
    private DateTimeOffset _lastMoveEnd = DateTimeOffset.MinValue;
    private string? _pendingNote;
    private double _lowestScore = double.PositiveInfinity;

    public FocusSession(FocusRig rig, FocusSettings settings, string strategy)
    {
        _rig = rig;
        Settings = settings;
        Strategy = strategy;
        _started = rig.Time.GetUtcNow();
        Origin = rig.Drive.PositionUm;
    }

    public FocusSettings Settings { get; }

    public FocusOptions Options => Settings.Options;

    public string Strategy { get; set; }

    public FocusRig Rig => _rig;

    public double Origin { get; }

    public int Frames { get; private set; }

    public int Moves { get; private set; }

    public IReadOnlyList<FocusStep> Trace => _trace;

    /// <summary>Sample with the smallest confident |estimate| seen, if any.</summary>
    public FocusSample? BestByEstimate { get; private set; }

    /// <summary>Sample with the highest classic score seen, if any.</summary>
    public FocusSample? BestByScore { get; private set; }

    public double PositionUm => _rig.Drive.PositionUm;

    /// <summary>The classic scores seen rise clearly above their lowest: there is structure, not just noise.</summary>
    private bool HasScorePeak =>
        BestByScore?.Score is { } high && high - _lowestScore > Options.MinPeakContrast * Math.Abs(high);

    /// <summary>Lowest and highest target this run may ask for: the travel limits less the margin, within the search span.</summary>
    public (double Low, double High) SearchWindow
    {
        get
        {
            var (low, high) = TravelWindow;
            return (Math.Max(low, Origin - Options.SearchSpanUm), Math.Min(high, Origin + Options.SearchSpanUm));
        }
    }

    public (double Low, double High) TravelWindow
    {
        get
        {
            var drive = _rig.Drive;
            var low = drive.MinPositionUm + Options.LimitMarginUm;
            var high = drive.MaxPositionUm - Options.LimitMarginUm;
            return low <= high ? (low, high) : (drive.MinPositionUm, drive.MaxPositionUm);
        }
    }

    /// <summary>Notes what the next trace step did (the action decided on this frame).</summary>
    public void Note(string note) => _pendingNote = _pendingNote is null ? note : $"{_pendingNote}; {note}";

    /// <summary>
    /// A frame exposed after the last move ended and settled, with the model's estimate and/or the classic score.
    /// </summary>
    public async Task<FocusSample> SampleAsync(string phase, bool estimate, bool score, CancellationToken cancellationToken)
    {
        var time = _rig.Time;
        var notBefore = time.GetUtcNow();
        if (_lastMoveEnd != DateTimeOffset.MinValue)
        {
            var settled = _lastMoveEnd + Settings.Settle;
            var wait = settled - notBefore;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            notBefore = settled > notBefore ? settled : notBefore;
        }

        var frame = await _rig.Camera.GetFrameAsync(notBefore, cancellationToken).ConfigureAwait(false);
        Frames++;
        var position = PositionOrThrow();
        var est = estimate && _rig.Estimator is { } estimator ? estimator.Estimate(frame.Image) : null;
        double? measured = score ? _rig.Measure.Score(frame.Image) : null;
        var sample = new FocusSample(frame, position, est, measured);

        if (IsUsable(sample) && IsInRange(sample)
            && (BestByEstimate is null || Math.Abs(sample.DefocusUm) < Math.Abs(BestByEstimate.DefocusUm)))
        {
            BestByEstimate = sample;
        }

        if (measured is { } m)
        {
            if (BestByScore is null || m > BestByScore.Score)
            {
                BestByScore = sample;
            }

            _lowestScore = Math.Min(_lowestScore, m);
        }

        FlushNote();
        _trace.Add(new FocusStep(
            Frames,
            phase,
            position,
            frame.ExposureStart - _started,
            est is { HasValue: true } ? est.DefocusUm : null,
            est?.Confidence,
            measured,
            est is { HasValue: false } ? FocusReasons.NoContent : null));
        return sample;
    }

    /// <summary>The model's number on this frame is one to act on: content and enough confidence.</summary>
    public bool IsUsable(FocusSample sample) =>
        sample.Estimate is { HasValue: true } e && e.Confidence >= Options.ConfidenceThreshold;

    /// <summary>Inside the part of the model's range where the number is a distance, not "at least this far".</summary>
    public bool IsInRange(FocusSample sample) =>
        _rig.Estimator is { } estimator
        && Math.Abs(sample.DefocusUm) < Options.OutOfRangeFraction * estimator.RangeUm;

    /// <summary><paramref name="target"/> pulled inside the window.</summary>
    public static double Clamp(double target, (double Low, double High) window) =>
        Math.Clamp(target, window.Low, window.High);

    /// <summary>
    /// Moves to <paramref name="target"/> clamped into the travel window, in legs no longer than the drive's largest move.
    /// Returns how far the axis was asked to move (0 when already there, e.g. pinned at a limit).
    /// </summary>
    public async Task<double> MoveToAsync(double target, CancellationToken cancellationToken)
    {
        var start = PositionOrThrow();
        var goal = Clamp(target, TravelWindow);
        var maxLeg = _rig.Drive.MaxMoveUm;
        // legs are planned from the commanded positions, not re-read ones: a real axis lands on whole microsteps,
        // so re-reading would chase a sub-step remainder for ever
        var planned = start;
        try
        {
            // moves below a nanometre are rounding, not moves
            while (Math.Abs(goal - planned) > 1e-3)
            {
                var leg = Math.Clamp(goal - planned, -maxLeg, maxLeg);
                planned += leg;
                await _rig.Drive.MoveToAsync(planned, cancellationToken).ConfigureAwait(false);
                Moves++;
                _lastMoveEnd = _rig.Time.GetUtcNow();
                PositionOrThrow();
            }
        }
        catch (TravelLimitException)
        {
            throw new FocusStoppedException(FocusResult.NoFocusHere, FocusReasons.Limit);
        }

        return goal - start;
    }

    /// <summary>Ends a run that found no focus: back to the best position seen (if the axis can go there), then the outcome.</summary>
    public async Task<FocusOutcome> GiveUpAsync(string reason, CancellationToken cancellationToken)
    {
        var best = BestByEstimate ?? (HasScorePeak ? BestByScore : null);
        // with nothing to go by (blank field, scores all noise) the best place is where the user left the axis
        var goal = best?.PositionUm ?? Origin;
        if (Math.Abs(goal - PositionUm) > 1e-3)
        {
            Note($"return_to {goal.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}");
            try
            {
                await MoveToAsync(goal, cancellationToken).ConfigureAwait(false);
            }
            catch (FocusStoppedException)
            {
                // the way back was refused by the drive: nothing moved, so staying put is still inside the limits
            }
        }

        return Finish(FocusResult.NoFocusHere, reason, best?.Estimate is { HasValue: true } e ? e.DefocusUm : null);
    }

    public FocusOutcome Finish(FocusResult result, string reason, double? finalEstimateUm)
    {
        FlushNote();
        return new FocusOutcome(
            result,
            reason,
            Frames,
            Moves,
            _rig.Time.GetUtcNow() - _started,
            finalEstimateUm,
            _rig.Drive.PositionUm,
            Strategy,
            _trace.ToArray());
    }

    private void FlushNote()
    {
        if (_pendingNote is null || _trace.Count == 0)
        {
            return;
        }

        var last = _trace[^1];
        _trace[^1] = last with { Note = last.Note is null ? _pendingNote : $"{last.Note}; {_pendingNote}" };
        _pendingNote = null;
    }

    private double PositionOrThrow()
    {
        var position = _rig.Drive.PositionUm;
        return double.IsNaN(position)
            ? throw new FocusStoppedException(FocusResult.Fault, FocusReasons.PositionUnknown)
            : position;
    }
}
