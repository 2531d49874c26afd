using FocusController.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FocusController.Control;

/// <summary>
/// Model-based autofocus: fresh frame, estimate, move by −defocus, fresh frame, until |estimate| is within tolerance.
/// Out of the model's range (or unsure) a coarse search brings the specimen in first; a correction that makes the
/// estimate worse reverses the axis direction once, and after that the classic search takes over. Once focus has been
/// read on both sides, corrections aim between the two (<see cref="FocusBracket"/>).
/// </summary>
public sealed class SingleShotStrategy : IFocusStrategy
{
    public const string StrategyName = "single-shot";
    private const string Phase = "single_shot";
    private const int MaxCoarseSearches = 3;
    private const int MaxFlatReadings = 2;

    private readonly FocusRig _rig;
    private readonly FocusSettings _settings;
    private readonly AxisDirection _direction;
    private readonly ILogger _logger;

    public SingleShotStrategy(
        FocusRig rig, FocusOptions options, ObjectiveProfile profile, AxisDirection? direction = null, ILogger<SingleShotStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(options);
        if (rig.Estimator is null)
        {
            throw new ArgumentException("the single-shot strategy needs a defocus estimator (a loaded model); use the classic strategy without one", nameof(rig));
        }

        _rig = rig;
        _settings = options.Resolve(profile);
        _direction = direction ?? new AxisDirection();
        _logger = logger ?? NullLogger<SingleShotStrategy>.Instance;
    }

    public string Name => StrategyName;

    public Task<FocusOutcome> FocusAsync(CancellationToken cancellationToken)
    {
        var session = new FocusSession(_rig, _settings, Name);
        return FocusRunGuard.RunAsync(session, () => RunAsync(session, cancellationToken), _logger, cancellationToken);
    }

    private async Task<FocusOutcome> RunAsync(FocusSession session, CancellationToken cancellationToken)
    {
        var options = session.Options;
        var coarse = new CoarseSearch(session, _direction);
        var reversedThisRun = false;
        var gain = 1.0;
        var corrections = 0;
        var coarseSearches = 0;
        var stalls = 0;
        var flatReadings = 0;
        var searchByImage = false;
        FocusSample? before = null;
        var expectedChange = 0.0;
        var bracket = new FocusBracket();
        var inFocusReadingUm = session.Settings.ToleranceUm * options.InFocusReadingFractionFor(_rig.Estimator!.NearFocusGain);

        var sample = await session.SampleAsync(Phase, estimate: true, score: true, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (before is not null && session.IsUsable(sample))
            {
                var response = MoveResponse.Judge(before.DefocusUm, expectedChange, sample.DefocusUm, options.EstimateNoiseUm);
                switch (response.Verdict)
                {
                    case MoveVerdict.Reversed when !reversedThisRun:
                        FocusLog.SignReversed(_logger, expectedChange * _direction.Sign, before.DefocusUm, sample.DefocusUm);
                        _direction.Reverse();
                        reversedThisRun = true;
                        gain = 1.0;
                        bracket.Clear();
                        session.Note("sign_reversed");
                        break;
                    case MoveVerdict.Reversed:
                    case MoveVerdict.Overshoot:
                        return await ClassicFallbackAsync(session, sample, response.Verdict.ToString(), cancellationToken).ConfigureAwait(false);
                    case MoveVerdict.NoResponse when Sharpened(before, sample) && flatReadings++ < MaxFlatReadings:
                        // the estimate stood still but the image grew sharper: the axis moved towards focus, and the
                        // model reads this specimen flat over a few µm (−1.9 at −3.1 µm, −1.7 at −1.2). The next
                        // correction goes on towards focus; the classic search would cost ten frames more. A model
                        // that reads nothing at all also looks like this, so only a few such steps are taken.
                        stalls = 0;
                        session.Note("flat_reading");
                        break;
                    case MoveVerdict.NoResponse when ImageChanged(before, sample):
                        // the axis moved (away from focus, or towards it once too often) and the estimate did not
                        // follow: the model cannot read this specimen, so let the focus measure decide
                        return await ClassicFallbackAsync(session, sample, "ModelNotResponding", cancellationToken).ConfigureAwait(false);
                    case MoveVerdict.NoResponse:
                        // one still frame can be a glitch; two in a row is a motor that does not turn the knob, or a
                        // specimen so far out of focus that small moves change neither the image nor the model's
                        // (meaningless) answer. One long move tells them apart before the axis is blamed.
                        stalls++;
                        if (stalls >= 2)
                        {
                            var probe = await ProbeAxisAsync(session, sample, expectedChange, cancellationToken).ConfigureAwait(false);
                            if (probe is null)
                            {
                                throw new FocusStoppedException(FocusResult.Fault, FocusReasons.AxisNotResponding);
                            }

                            // the model's answer here means nothing: search by the image from where the probe landed
                            stalls = 0;
                            sample = probe;
                            searchByImage = true;
                        }

                        break;
                    case MoveVerdict.AsExpected:
                        stalls = 0;
                        if (session.IsInRange(sample) && Math.Abs(expectedChange) >= 2)
                        {
                            // lost steps or a loose coupler: scale later corrections by what the axis really did
                            gain = Math.Clamp(response.Gain, 0.5, 1.5);
                        }

                        break;
                    default:
                        break;
                }
            }

            before = null;
            if (searchByImage || !session.IsUsable(sample) || !session.IsInRange(sample))
            {
                searchByImage = false;
                bracket.Clear();
                if (++coarseSearches > MaxCoarseSearches)
                {
                    throw new FocusStoppedException(FocusResult.NoFocusHere, FocusReasons.NoConvergence);
                }

                var found = await coarse.BringIntoRangeAsync(sample, cancellationToken).ConfigureAwait(false);
                if (found is null)
                {
                    return await ClassicFallbackAsync(session, session.BestByScore, "model_out_of_range", cancellationToken).ConfigureAwait(false);
                }

                sample = found;
                continue;
            }

            var defocus = sample.DefocusUm;
            if (Math.Abs(defocus) < inFocusReadingUm)
            {
                return session.Finish(FocusResult.InFocus, FocusReasons.Converged, defocus);
            }

            // once focus has been read on both sides, aim between them; until then trust the estimate (scaled by what
            // the axis was seen to do)
            bracket.Add(sample.PositionUm, defocus);
            var bracketed = bracket.TryGetZero(_direction.Sign, out var zero, out var width);
            if (bracketed && width <= session.Settings.ToleranceUm)
            {
                // focus is read on both sides of a span narrower than the tolerance: every point in it is in focus, so
                // a frame more would only re-read the model's noise near zero (where it swings most)
                await session.MoveToAsync(zero, cancellationToken).ConfigureAwait(false);
                session.Note("bracketed");
                return session.Finish(FocusResult.InFocus, FocusReasons.Converged, null);
            }

            if (corrections >= options.MaxIterations)
            {
                throw new FocusStoppedException(FocusResult.NoFocusHere, FocusReasons.NoConvergence);
            }

            var target = bracketed ? zero : sample.PositionUm - (_direction.Sign * defocus / gain);
            var commanded = await session.MoveToAsync(target, cancellationToken).ConfigureAwait(false);
            if (Math.Abs(commanded) < 1e-3)
            {
                // pinned at a travel limit with focus beyond it
                throw new FocusStoppedException(FocusResult.NoFocusHere, FocusReasons.Limit);
            }

            corrections++;
            before = sample;
            expectedChange = _direction.Sign * commanded;
            sample = await session.SampleAsync(Phase, estimate: true, score: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A coarse step the way the corrections were going and a frame, then, if the image did not change, a coarse step
    /// the other way and a frame (focus may lie behind the start, where a deeply blurred image changes little): the
    /// first frame that the focus measure shows changed from <paramref name="last"/> (the axis turns; the specimen is
    /// just far out of focus), or null when neither did (the axis does not move).
    /// </summary>
    private async Task<FocusSample?> ProbeAxisAsync(FocusSession session, FocusSample last, double expectedChange, CancellationToken cancellationToken)
    {
        var step = session.Options.CoarseStepRangeFraction * session.Rig.Estimator!.RangeUm;
        var way = _direction.Sign * Math.Sign(expectedChange);
        session.Note("axis_probe");
        foreach (var side in new[] { way, -way })
        {
            var target = FocusSession.Clamp(last.PositionUm + (side * step), session.SearchWindow);
            if (Math.Abs(target - last.PositionUm) < step / 2)
            {
                continue;   // a limit of the search window is in the way
            }

            await session.MoveToAsync(target, cancellationToken).ConfigureAwait(false);
            var probe = await session.SampleAsync(Phase, estimate: true, score: true, cancellationToken).ConfigureAwait(false);
            if (ImageChanged(last, probe))
            {
                return probe;
            }
        }

        return null;
    }

    private async Task<FocusOutcome> ClassicFallbackAsync(FocusSession session, FocusSample? from, string why, CancellationToken cancellationToken)
    {
        FocusLog.FallingBack(_logger, why);
        session.Note($"fallback_classic ({why})");
        session.Strategy = $"{StrategyName}+{ClassicStrategy.StrategyName}";
        if (from is not null && Math.Abs(from.PositionUm - session.PositionUm) > 1e-3)
        {
            await session.MoveToAsync(from.PositionUm, cancellationToken).ConfigureAwait(false);
        }

        var search = new GoldenSectionSearch(session, "classic", estimate: true);
        await search.FocusAsync(null, cancellationToken).ConfigureAwait(false);
        return session.Finish(FocusResult.InFocus, FocusReasons.Converged, null);
    }

    /// <summary>
    /// Whether the classic focus measure moved between two frames by more than camera noise does: the evidence that
    /// the axis turned even when the model's estimate did not change.
    /// </summary>
    private static bool ImageChanged(FocusSample before, FocusSample after) =>
        before.Score is double a && after.Score is double b && Math.Abs(b - a) > ImageChangeFraction * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>Whether the focus measure rose between two frames by more than camera noise does.</summary>
    private static bool Sharpened(FocusSample before, FocusSample after) =>
        ImageChanged(before, after) && after.Score > before.Score;

    /// <summary>A relative change of the focus measure that noise alone does not produce between two frames.</summary>
    private const double ImageChangeFraction = 0.1;
}
