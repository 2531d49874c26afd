using FocusController.Camera;
using FocusController.Imaging;
using FocusController.Motion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FocusController.Control;

/// <summary>
/// Holds focus against slow drift for as long as it runs: an estimate every interval on a frame exposed after the
/// last move settled, a correction only when the estimate leaves the dead band, at most one correction per
/// <see cref="FocusOptions.MinCorrectionIntervalSeconds"/> and no larger than <see cref="FocusOptions.MaxCorrectionUm"/>.
/// The decision rests on the median of the last <see cref="FocusOptions.TrackingMedianOf"/> estimates since the last
/// move, not on one frame: over hours a single misread frame is certain, and acting on it moves a focused specimen
/// out of the depth of field. A frame without content pauses corrections; an estimate at the edge of the model's
/// range (focus lost: the specimen was moved, the slide bumped) runs autofocus again when a strategy is given.
/// With <see cref="FocusOptions.TrackingHoldsLockedReading"/> the dead band is kept around the reading at the focus it
/// started from (and found again after a refocus), not around zero. With <see cref="FocusOptions.TrackingProbeFraction"/>
/// each correction starts with a small probe step that checks the model's sign where the specimen is now.
/// With <see cref="FocusOptions.TrackingReferenceFrames"/>, once the model reads the held focus a reference stack of the
/// specimen is taken around it (<see cref="TrackingReference"/>), and from then on each frame's offset is read from
/// the specimen's own look rather than the model's reading; the model still decides "no content" and "focus lost", and
/// reads again whenever the reference stops matching.
/// </summary>
public sealed class FocusTracker
{
    /// <summary>
    /// Frames read on each side of a probe step. The step is a quarter of the dead band, about as large as one frame's
    /// estimate noise; the median of five brings that noise well under the step, for a third of a second at 15 fps.
    /// </summary>
    private const int ProbeFrames = 5;

    private readonly FocusRig _rig;
    private readonly FocusSettings _settings;
    private readonly AxisDirection _direction;
    private readonly IFocusStrategy? _refocus;
    private readonly ILogger _logger;

    public FocusTracker(
        FocusRig rig,
        FocusOptions options,
        ObjectiveProfile profile,
        IFocusStrategy? refocus = null,
        AxisDirection? direction = null,
        ILogger<FocusTracker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(options);
        if (rig.Estimator is null)
        {
            throw new ArgumentException("tracking needs a defocus estimator (a loaded model)", nameof(rig));
        }

        _rig = rig;
        _settings = options.Resolve(profile);
        _direction = direction ?? new AxisDirection();
        _refocus = refocus;
        _logger = logger ?? NullLogger<FocusTracker>.Instance;
    }

    public double DeadBandUm => _settings.DeadBandUm;

    /// <summary>
    /// Tracks until cancelled (the normal end, reason "cancelled"), the camera is lost, the axis position is lost,
    /// or focus is lost with no strategy to find it again. Each estimate is reported to <paramref name="progress"/>.
    /// </summary>
    public async Task<TrackingSummary> RunAsync(IProgress<TrackingSample>? progress, CancellationToken cancellationToken)
    {
        var time = _rig.Time;
        var options = _settings.Options;
        var interval = TimeSpan.FromSeconds(options.TrackingIntervalSeconds);
        var range = _rig.Estimator!.RangeUm;
        var started = time.GetUtcNow();
        var lastMoveEnd = DateTimeOffset.MinValue;
        var lastCorrection = DateTimeOffset.MinValue;
        var counts = new TrackingCounts();
        var paused = false;
        var wrongWay = 0;
        (double EstimateUm, double ExpectedChangeUm)? lastCorrectionCheck = null;
        var sinceMove = new EstimateWindow(options.TrackingMedianOf);
        TrackingReference? reference = null;
        var referenceWanted = options.TrackingReferenceFrames > 0;
        var referenceMisses = 0;
        var fromReference = new EstimateWindow(options.TrackingMedianOf);
        // null: take the reading to hold from the next full window
        double? unlocked = options.TrackingHoldsLockedReading ? null : 0;
        var lockedReading = unlocked;
        string reason;

        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                var notBefore = lastMoveEnd == DateTimeOffset.MinValue || lastMoveEnd + _settings.Settle < now ? now : lastMoveEnd + _settings.Settle;
                var frame = await _rig.Camera.GetFrameAsync(notBefore, cancellationToken).ConfigureAwait(false);
                var estimate = _rig.Estimator.Estimate(frame.Image);
                var position = _rig.Drive.PositionUm;
                if (double.IsNaN(position))
                {
                    reason = FocusReasons.PositionUnknown;
                    break;
                }

                counts.Samples++;
                string action;
                double correction = 0;
                double? referenceUm = null;
                // set when a correction was probed: its reading is reported in place of this estimate
                Probe? probe = null;
                if (!estimate.HasValue)
                {
                    action = TrackingActions.Paused;
                    counts.Paused++;
                    if (!paused)
                    {
                        FocusLog.TrackingPaused(_logger, FocusReasons.NoContent);
                    }

                    paused = true;
                }
                else if (estimate.Confidence < options.ConfidenceThreshold)
                {
                    action = TrackingActions.LowConfidence;
                    counts.LowConfidence++;
                }
                else if (Math.Abs(estimate.DefocusUm) >= options.OutOfRangeFraction * range)
                {
                    FocusLog.TrackingLost(_logger, estimate.DefocusUm);
                    if (_refocus is null)
                    {
                        reason = TrackingActions.FocusLost;
                        Report(progress, frame, position, estimate.DefocusUm, TrackingActions.FocusLost, 0, probe: false);
                        break;
                    }

                    var outcome = await _refocus.FocusAsync(cancellationToken).ConfigureAwait(false);
                    counts.Refocuses++;
                    lockedReading = unlocked;
                    lastCorrectionCheck = null;
                    sinceMove.Clear();
                    // a new focus, perhaps on another field: the old reference is about neither
                    reference = null;
                    referenceWanted = options.TrackingReferenceFrames > 0;
                    fromReference.Clear();
                    lastMoveEnd = lastCorrection = time.GetUtcNow();
                    action = TrackingActions.Refocused;
                    if (outcome.Result is FocusResult.Cancelled)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    if (outcome.Result is FocusResult.Fault)
                    {
                        reason = outcome.Reason;
                        break;
                    }
                }
                else
                {
                    paused = false;
                    sinceMove.Add(estimate.DefocusUm);
                    if (lockedReading is null && sinceMove.Median is { } first)
                    {
                        lockedReading = Math.Abs(first) <= 2 * _settings.DeadBandUm ? first : 0;
                        FocusLog.TrackingLocked(_logger, lockedReading.Value, first);
                    }

                    var match = reference?.Read(frame.Image);
                    if (match is { } m && m.Found && m.Similarity >= options.TrackingReferenceMinSimilarity && !m.ShiftAtLimit)
                    {
                        referenceMisses = 0;
                        referenceUm = m.OffsetUm;
                    }
                    else if (match is { } lost && ++referenceMisses >= options.TrackingMedianOf)
                    {
                        FocusLog.TrackingReferenceLost(_logger, lost.Similarity, lost.ShiftX, lost.ShiftY);
                        counts.ReferenceLosses++;
                        reference = null;
                        referenceWanted = true;
                        referenceMisses = 0;
                        fromReference.Clear();
                    }

                    // off the locked reading; nothing until the first window has filled and set it
                    var filtered = sinceMove.Median - lockedReading;
                    if (filtered is { } settled && lastCorrectionCheck is { } check)
                    {
                        // judged on the first full window after the move; a correction that moved the estimate the
                        // wrong way twice running means the axis runs the other way
                        var response = MoveResponse.Judge(check.EstimateUm, check.ExpectedChangeUm, settled, options.EstimateNoiseUm / 2);
                        wrongWay = response.Verdict == MoveVerdict.Reversed ? wrongWay + 1 : 0;
                        if (wrongWay >= 2)
                        {
                            FocusLog.SignReversed(_logger, check.ExpectedChangeUm * _direction.Sign, check.EstimateUm, settled);
                            _direction.Reverse();
                            counts.Reversals++;
                            wrongWay = 0;
                        }

                        lastCorrectionCheck = null;
                    }

                    if (referenceUm is { } offset)
                    {
                        (action, correction) = await FollowReferenceAsync(fromReference, offset, position, lastCorrection, counts, cancellationToken).ConfigureAwait(false);
                        if (TrackingActions.IsCorrection(action))
                        {
                            lastMoveEnd = lastCorrection = time.GetUtcNow();
                            lastCorrectionCheck = null;
                            sinceMove.Clear();
                        }
                    }
                    else if (filtered is not { } error || Math.Abs(error) <= _settings.DeadBandUm)
                    {
                        action = TrackingActions.Hold;
                        if (filtered is not null && reference is null && referenceWanted)
                        {
                            // a full window of the model's readings puts the held focus here: take the specimen's own
                            // reference around it
                            referenceWanted = false;
                            reference = await TakeReferenceAsync(frame, position, cancellationToken).ConfigureAwait(false);
                            if (reference is not null)
                            {
                                counts.ReferenceCaptures++;
                                lastMoveEnd = time.GetUtcNow();
                                action = TrackingActions.ReferenceTaken;
                            }
                        }
                    }
                    else if (RateLimited(lastCorrection))
                    {
                        action = TrackingActions.RateLimited;
                        counts.RateLimited++;
                    }
                    else
                    {
                        var target = BoundedTarget(position, -_direction.Sign * error * options.TrackingCorrectionGain);
                        correction = target - position;
                        if (Math.Abs(correction) < 1e-3)
                        {
                            action = TrackingActions.AtLimit;
                            counts.AtLimit++;
                        }
                        else
                        {
                            FocusLog.TrackingCorrection(_logger, error, _settings.DeadBandUm, correction);
                            var probeUm = _settings.DeadBandUm * options.TrackingProbeFraction;
                            if (probeUm > 0 && Math.Abs(correction) > probeUm)
                            {
                                // this estimate is reported now, before the probe's frame, so reports stay in frame order
                                Report(progress, frame, position, estimate.DefocusUm, TrackingActions.Probing, correction, probe: false);
                                probe = await ProbeAsync(position, Math.Sign(correction) * probeUm, lockedReading ?? 0, cancellationToken).ConfigureAwait(false);
                                counts.Probes++;
                                if (probe.Reversed)
                                {
                                    counts.ProbeReversals++;
                                    target = WithinLimits(position - correction);
                                    correction = target - position;
                                }
                            }

                            await _rig.Drive.MoveToAsync(target, cancellationToken).ConfigureAwait(false);
                            lastMoveEnd = lastCorrection = time.GetUtcNow();
                            counts.Corrections++;
                            // a correction against the model's sign says nothing about the axis's: not judged
                            lastCorrectionCheck = probe is { Reversed: true } ? null : (error, _direction.Sign * correction);
                            sinceMove.Clear();
                            fromReference.Clear();
                            action = probe is { Reversed: true } ? TrackingActions.CorrectedAgainstModel : TrackingActions.Corrected;
                        }
                    }
                }

                if (probe is not null)
                {
                    Report(progress, probe.Frame, probe.PositionUm, probe.EstimateUm, action, correction, probe: true);
                }
                else
                {
                    Report(progress, frame, position, estimate.HasValue ? estimate.DefocusUm : null, action, correction, probe: false, referenceUm);
                }

                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reason = FocusReasons.Cancelled;
        }
        catch (CameraLostException)
        {
            reason = FocusReasons.CameraLost;
        }
        catch (TravelLimitException)
        {
            reason = FocusReasons.Limit;
        }

        FocusLog.TrackingStopped(_logger, reason, counts.Samples, counts.Corrections);
        return new TrackingSummary(
            reason,
            time.GetUtcNow() - started,
            counts.Samples,
            counts.Corrections,
            counts.RateLimited,
            counts.Paused,
            counts.LowConfidence,
            counts.Refocuses,
            counts.AtLimit,
            counts.Reversals,
            counts.Probes,
            counts.ProbeReversals,
            counts.ReferenceCaptures,
            counts.ReferenceCorrections,
            counts.ReferenceLosses);
    }

    /// <summary>
    /// Tracking on the reference's reading: corrected by minus the median of the last readings once it is past
    /// <see cref="TrackingReference.CorrectFromDeadBandFraction"/> of the dead band, in full (the reading is in axis µm
    /// and precise; no probe, no gain), within the rate limit, the largest correction and the travel limits.
    /// </summary>
    private async Task<(string Action, double Correction)> FollowReferenceAsync(
        EstimateWindow readings, double offsetUm, double position, DateTimeOffset lastCorrection, TrackingCounts counts, CancellationToken cancellationToken)
    {
        readings.Add(offsetUm);
        if (readings.Median is not { } offset || Math.Abs(offset) <= TrackingReference.CorrectFromDeadBandFraction * _settings.DeadBandUm)
        {
            return (TrackingActions.Hold, 0);
        }

        if (RateLimited(lastCorrection))
        {
            counts.RateLimited++;
            return (TrackingActions.RateLimited, 0);
        }

        var target = BoundedTarget(position, -offset);
        var correction = target - position;
        if (Math.Abs(correction) < 1e-3)
        {
            counts.AtLimit++;
            return (TrackingActions.AtLimit, 0);
        }

        FocusLog.TrackingCorrection(_logger, offset, _settings.DeadBandUm, correction);
        await _rig.Drive.MoveToAsync(target, cancellationToken).ConfigureAwait(false);
        counts.Corrections++;
        counts.ReferenceCorrections++;
        readings.Clear();
        return (TrackingActions.Corrected, correction);
    }

    /// <summary>The reference stack around <paramref name="position"/>, or null (logged) when frames or limits do not allow one.</summary>
    private async Task<TrackingReference?> TakeReferenceAsync(CapturedFrame frame, double position, CancellationToken cancellationToken)
    {
        if (!TrackingReference.CanTake(frame.Image))
        {
            FocusLog.TrackingReferenceFramesTooSmall(_logger, frame.Image.Width, frame.Image.Height);
            return null;
        }

        var reference = await TrackingReference.TakeAsync(_rig, _settings, position, LimitWindow, cancellationToken).ConfigureAwait(false);
        if (reference is null)
        {
            FocusLog.TrackingReferenceNotTaken(_logger, "a travel limit is within its span, or a frame was flat");
        }
        else
        {
            FocusLog.TrackingReferenceTaken(_logger, reference.Frames, TrackingReference.SpanDeadBandFraction * _settings.DeadBandUm, position);
        }

        return reference;
    }

    /// <summary>Where tracking may send the axis: the travel limits less the margin.</summary>
    private (double Low, double High) LimitWindow =>
        (_rig.Drive.MinPositionUm + _settings.Options.LimitMarginUm, _rig.Drive.MaxPositionUm - _settings.Options.LimitMarginUm);

    private double WithinLimits(double target) => Math.Clamp(target, LimitWindow.Low, LimitWindow.High);

    /// <summary>The target of a correction of <paramref name="wantedUm"/> from <paramref name="position"/>: no larger than the largest correction or move, inside the limits.</summary>
    private double BoundedTarget(double position, double wantedUm)
    {
        var maxStep = Math.Min(_settings.Options.MaxCorrectionUm, _rig.Drive.MaxMoveUm);
        return WithinLimits(position + Math.Clamp(wantedUm, -maxStep, maxStep));
    }

    /// <summary>Whether a correction now would come sooner than <see cref="FocusOptions.MinCorrectionIntervalSeconds"/> after the last.</summary>
    private bool RateLimited(DateTimeOffset lastCorrection) =>
        lastCorrection != DateTimeOffset.MinValue
        && _rig.Time.GetUtcNow() - lastCorrection < TimeSpan.FromSeconds(_settings.Options.MinCorrectionIntervalSeconds);

    /// <summary>
    /// Reads where the axis is, steps <paramref name="probeUm"/> the way the model says and reads there (each reading
    /// the median of <see cref="ProbeFrames"/> fresh frames). A probe reading further from the held one than the
    /// reading before it, by more than a quarter of what the step should have taken off, means the model has the sign
    /// wrong at this specimen's defocus (near focus it can, over a few tenths of a µm where it reads the wrong side):
    /// the correction then goes the other way. The step is a fraction of the dead band, so a wrong-way probe stays
    /// near it. The reading before is taken afresh because the window that called for the correction is biased: it
    /// left the dead band partly on its frames' noise.
    /// </summary>
    private async Task<Probe> ProbeAsync(double position, double probeUm, double lockedReading, CancellationToken cancellationToken)
    {
        var (_, before) = await ReadAsync(_rig.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var probeAt = WithinLimits(position + probeUm);
        await _rig.Drive.MoveToAsync(probeAt, cancellationToken).ConfigureAwait(false);
        var (frame, after) = await ReadAsync(_rig.Time.GetUtcNow() + _settings.Settle, cancellationToken).ConfigureAwait(false);
        var reversed = before is { } b && after is { } a && Math.Abs(a - lockedReading) > Math.Abs(b - lockedReading) + (Math.Abs(probeUm) / 4);
        if (reversed)
        {
            FocusLog.TrackingProbeReversed(_logger, after!.Value - lockedReading, before!.Value - lockedReading);
        }

        return new Probe(frame, _rig.Drive.PositionUm, after, reversed);
    }

    /// <summary>The median estimate of <see cref="ProbeFrames"/> frames from <paramref name="notBefore"/> on; null when none is usable.</summary>
    private async Task<(CapturedFrame Last, double? Median)> ReadAsync(DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var options = _settings.Options;
        var readings = new List<double>(ProbeFrames);
        CapturedFrame? frame = null;
        for (int i = 0; i < ProbeFrames; i++)
        {
            frame = await _rig.Camera.GetFrameAsync(notBefore, cancellationToken).ConfigureAwait(false);
            var estimate = _rig.Estimator!.Estimate(frame.Image);
            if (estimate.HasValue && estimate.Confidence >= options.ConfidenceThreshold)
            {
                readings.Add(estimate.DefocusUm);
            }

            notBefore = frame.ExposureStart + frame.Exposure;
        }

        return (frame!, readings.Count > 0 ? Medians.Of(readings) : null);
    }

    private sealed record Probe(CapturedFrame Frame, double PositionUm, double? EstimateUm, bool Reversed);

    /// <summary>The last few estimates at one axis position; no median until the window is full.</summary>
    private sealed class EstimateWindow(int size)
    {
        private readonly Queue<double> _values = new(size);

        public double? Median => _values.Count < size ? null : Medians.Of(_values);

        public void Add(double value)
        {
            if (_values.Count == size)
            {
                _values.Dequeue();
            }

            _values.Enqueue(value);
        }

        public void Clear() => _values.Clear();
    }

    private static void Report(
        IProgress<TrackingSample>? progress, CapturedFrame frame, double position, double? estimate, string action, double correction, bool probe, double? referenceUm = null) =>
        progress?.Report(new TrackingSample(frame.ExposureStart, position, estimate, action, correction, probe, referenceUm));

    private sealed class TrackingCounts
    {
        public int Samples { get; set; }

        public int Corrections { get; set; }

        public int RateLimited { get; set; }

        public int Paused { get; set; }

        public int LowConfidence { get; set; }

        public int Refocuses { get; set; }

        public int AtLimit { get; set; }

        public int Reversals { get; set; }

        public int Probes { get; set; }

        public int ProbeReversals { get; set; }

        public int ReferenceCaptures { get; set; }

        public int ReferenceCorrections { get; set; }

        public int ReferenceLosses { get; set; }
    }
}

/// <summary>What tracking did with one estimate (the <see cref="TrackingSample.Action"/> strings).</summary>
public static class TrackingActions
{
    public const string Hold = "hold";
    public const string Corrected = "corrected";
    public const string RateLimited = "rate_limited";
    public const string Paused = "paused_no_content";
    public const string LowConfidence = "low_confidence";
    public const string Refocused = "refocused";
    public const string FocusLost = "focus_lost";
    public const string AtLimit = "at_limit";

    /// <summary>This estimate left the dead band; a probe step the model's way follows, and its frame decides the way.</summary>
    public const string Probing = "probing";

    /// <summary>The probe's frame read further from focus than before: the correction went against the model's sign.</summary>
    public const string CorrectedAgainstModel = "corrected_against_model";

    /// <summary>The model read the held focus and the reference stack was taken around it (its frames are not reported).</summary>
    public const string ReferenceTaken = "reference_taken";

    /// <summary>Whether a sample with this action is the one that records a correction (once per correction; the
    /// estimate that asked for a probed one is reported as <see cref="Probing"/> before it).</summary>
    public static bool IsCorrection(string action) => action is Corrected or CorrectedAgainstModel;
}

/// <summary>
/// One tracking estimate: when its frame was exposed, where the axis was, the estimate, and what was done;
/// <paramref name="Probe"/>: the reading at a probe step (the median of its frames), not an estimate at the interval;
/// <paramref name="ReferenceUm"/>: the frame's offset from the held focus read from the reference stack, axis µm, when
/// that reading was used (null: the model's was).
/// </summary>
public sealed record TrackingSample(
    DateTimeOffset ExposureStart, double PositionUm, double? EstimateUm, string Action, double CorrectionUm, bool Probe, double? ReferenceUm = null);

/// <summary>How a tracking session went, for logs, status and metrics.</summary>
public sealed record TrackingSummary(
    string StopReason,
    TimeSpan Elapsed,
    int Samples,
    int Corrections,
    int RateLimited,
    int Paused,
    int LowConfidence,
    int Refocuses,
    int AtLimit,
    int Reversals,
    int Probes,
    int ProbeReversals,
    int ReferenceCaptures,
    int ReferenceCorrections,
    int ReferenceLosses);
