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
/// started from (and found again after a refocus), not around zero.
/// </summary>
public sealed class FocusTracker
{
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
        var minCorrectionInterval = TimeSpan.FromSeconds(options.MinCorrectionIntervalSeconds);
        var range = _rig.Estimator!.RangeUm;
        var started = time.GetUtcNow();
        var lastMoveEnd = DateTimeOffset.MinValue;
        var lastCorrection = DateTimeOffset.MinValue;
        var counts = new TrackingCounts();
        var paused = false;
        var wrongWay = 0;
        (double EstimateUm, double ExpectedChangeUm)? lastCorrectionCheck = null;
        var sinceMove = new EstimateWindow(options.TrackingMedianOf);
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
                        Report(progress, frame, position, estimate.DefocusUm, TrackingActions.FocusLost, 0);
                        break;
                    }

                    var outcome = await _refocus.FocusAsync(cancellationToken).ConfigureAwait(false);
                    counts.Refocuses++;
                    lockedReading = unlocked;
                    lastCorrectionCheck = null;
                    sinceMove.Clear();
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

                    if (filtered is not { } error || Math.Abs(error) <= _settings.DeadBandUm)
                    {
                        action = TrackingActions.Hold;
                    }
                    else if (lastCorrection != DateTimeOffset.MinValue && time.GetUtcNow() - lastCorrection < minCorrectionInterval)
                    {
                        action = TrackingActions.RateLimited;
                        counts.RateLimited++;
                    }
                    else
                    {
                        var maxStep = Math.Min(options.MaxCorrectionUm, _rig.Drive.MaxMoveUm);
                        correction = Math.Clamp(-_direction.Sign * error * options.TrackingCorrectionGain, -maxStep, maxStep);
                        var low = _rig.Drive.MinPositionUm + options.LimitMarginUm;
                        var high = _rig.Drive.MaxPositionUm - options.LimitMarginUm;
                        var target = Math.Clamp(position + correction, low, high);
                        correction = target - position;
                        if (Math.Abs(correction) < 1e-3)
                        {
                            action = TrackingActions.AtLimit;
                            counts.AtLimit++;
                        }
                        else
                        {
                            FocusLog.TrackingCorrection(_logger, error, _settings.DeadBandUm, correction);
                            await _rig.Drive.MoveToAsync(target, cancellationToken).ConfigureAwait(false);
                            lastMoveEnd = lastCorrection = time.GetUtcNow();
                            counts.Corrections++;
                            lastCorrectionCheck = (error, _direction.Sign * correction);
                            sinceMove.Clear();
                            action = TrackingActions.Corrected;
                        }
                    }
                }

                Report(progress, frame, position, estimate.HasValue ? estimate.DefocusUm : null, action, correction);
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
            counts.Reversals);
    }

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

    private static void Report(IProgress<TrackingSample>? progress, CapturedFrame frame, double position, double? estimate, string action, double correction) =>
        progress?.Report(new TrackingSample(frame.ExposureStart, position, estimate, action, correction));

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
}

/// <summary>One tracking estimate: when its frame was exposed, where the axis was, the estimate, and what was done.</summary>
public sealed record TrackingSample(DateTimeOffset ExposureStart, double PositionUm, double? EstimateUm, string Action, double CorrectionUm);

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
    int Reversals);
