using System.Globalization;

namespace FocusController.Control.Calibration;

/// <summary>
/// Measures the focus drive against a specimen: direction, µm per microstep and backlash.
/// <list type="number">
/// <item>A coarse sweep up through the window finds the focus-measure peak.</item>
/// <item>Two fine sweeps through it, one moving up and one moving down, each fitted with a parabola: the knob's play
/// makes the plane lag the motor, so the peak reached moving up lies above the one reached moving down by exactly the
/// play (in commanded µm), whichever way the motor is wired.</item>
/// <item>A sweep up across the model's trusted range around focus: the model reads true µm of defocus, so the slope of
/// its estimates against commanded µm is (true µm per commanded µm) × (direction). A robust line fit keeps the odd
/// wild estimate from moving it. The direction is reported once the slope stands clear of its noise (3σ), the scale
/// only when the slope is known to <see cref="CalibrationOptions.MaxScaleUncertainty"/>; else the scale stays as
/// configured and the backlash is given in it.</item>
/// </list>
/// Why the model and not the focus-measure curve for the scale: the curve's width depends on the specimen and the
/// measure as much as on the optics, so it cannot give 5 %; the model was trained on true µm. A biased model (one that
/// under-reads large defocus) biases the scale by the same factor, so calibrate with a well-trained model.
/// The drive must not compensate backlash during calibration (open it with BacklashUm 0): its overshoots would hide
/// the hysteresis this measures. Every move stays inside ± <see cref="CalibrationOptions.RangeUm"/> of the start and
/// the travel limits.
/// </summary>
public sealed class StageCalibration
{
    private readonly FocusRig _rig;
    private readonly CalibrationOptions _options;
    private readonly double _configuredUmPerMicrostep;

    /// <param name="configuredUmPerMicrostep">The scale the drive converts µm to steps with now; the result corrects it.</param>
    public StageCalibration(FocusRig rig, CalibrationOptions options, double configuredUmPerMicrostep)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("calibration options: " + string.Join("; ", errors), nameof(options));
        }

        if (!(configuredUmPerMicrostep > 0) || double.IsInfinity(configuredUmPerMicrostep))
        {
            throw new ArgumentOutOfRangeException(nameof(configuredUmPerMicrostep), configuredUmPerMicrostep, "must be a positive finite number");
        }

        if (rig.Estimator is null)
        {
            throw new ArgumentException("calibration needs the model: it reads the true µm the scale is measured in", nameof(rig));
        }

        _rig = rig;
        _options = options;
        _configuredUmPerMicrostep = configuredUmPerMicrostep;
    }

    /// <summary>Reports each phase as it starts (a line for the technician).</summary>
    public IProgress<string>? Progress { get; init; }

    public async Task<CalibrationResult> RunAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        var drive = _rig.Drive;
        var start = drive.PositionUm;
        if (!double.IsFinite(start))
        {
            throw new CalibrationException("the axis position is unknown (a move was interrupted); re-reference the axis first");
        }

        var window = (Low: Math.Max(drive.MinPositionUm, start - o.RangeUm), High: Math.Min(drive.MaxPositionUm, start + o.RangeUm));
        var startedAt = _rig.Time.GetUtcNow();
        var sampler = new AxisSampler(_rig, o.Settle);

        Progress?.Report(Invariant($"coarse sweep {window.Low:F1}..{window.High:F1} um, step {o.CoarseStepUm} um"));
        var coarse = await sampler.SweepAsync(window.Low, window.High, o.CoarseStepUm, 0, window, estimate: true, cancellationToken).ConfigureAwait(false);
        var peak = CoarsePeak(coarse, window);

        Progress?.Report(Invariant($"fine sweeps through the peak at {peak:F2} um from below and from above"));
        var half = o.PeakSweepHalfWidthUm;
        var fromBelow = await FinePeakAsync(sampler, peak - half, +1, window, cancellationToken).ConfigureAwait(false);
        var fromAbove = await FinePeakAsync(sampler, fromBelow + half, -1, window, cancellationToken).ConfigureAwait(false);
        var hysteresis = Math.Max(0, fromBelow - fromAbove);

        var rough = RoughSlope(coarse, hysteresis);
        var range = _rig.Estimator!.RangeUm;
        var span = Math.Min(o.RangeUm, o.TrustedRangeFraction * range / Math.Abs(rough));
        Progress?.Report(Invariant($"model sweep {fromBelow - span:F1}..{fromBelow + span:F1} um, step {o.FitStepUm} um"));
        var fitSamples = await sampler.SweepAsync(fromBelow - span, fromBelow + span, o.FitStepUm, o.ApproachUm, window, estimate: true, cancellationToken)
            .ConfigureAwait(false);
        var line = RobustLine.Fit(Trusted(fitSamples, range));
        if (line is null || line.Inliers < 6)
        {
            throw new CalibrationException(Invariant(
                $"only {line?.Inliers ?? 0} of the model's estimates fell inside its trusted range; is the model for this objective and the specimen one it can read?"));
        }

        // Back at the start, approached as the sweeps were, so the technician finds the specimen where it was.
        await sampler.MoveToAsync(Math.Clamp(start - o.ApproachUm, window.Low, window.High), cancellationToken).ConfigureAwait(false);
        await sampler.MoveToAsync(start, cancellationToken).ConfigureAwait(false);

        // the direction needs the slope to stand clear of its noise; the scale needs it known to a few per cent
        var direction = Math.Abs(line.Slope) > 3 * line.SlopeStandardError ? Math.Sign(line.Slope) : 0;
        var scaleKnown = direction != 0 && line.SlopeStandardError <= o.MaxScaleUncertainty * Math.Abs(line.Slope);
        var trueScale = scaleKnown ? Math.Abs(line.Slope) : 1;
        return new CalibrationResult(
            DirectionSign: direction,
            UmPerMicrostep: scaleKnown ? _configuredUmPerMicrostep * trueScale : null,
            BacklashUm: hysteresis * trueScale,
            BacklashMicrosteps: (long)Math.Round(hysteresis / _configuredUmPerMicrostep),
            Slope: line.Slope,
            SlopeStandardError: line.SlopeStandardError,
            FitResidualUm: line.ResidualRms,
            FitPoints: line.Inliers,
            PeakFromBelowUm: fromBelow,
            PeakFromAboveUm: fromAbove,
            Frames: sampler.Frames,
            Elapsed: _rig.Time.GetUtcNow() - startedAt);
    }

    private double CoarsePeak(IReadOnlyList<AxisSample> coarse, (double Low, double High) window)
    {
        var max = coarse.Max(s => s.Score);
        var min = coarse.Min(s => s.Score);
        if (!(max - min > _options.MinPeakContrast * Math.Abs(max)))
        {
            throw new CalibrationException(Invariant(
                $"no focus peak between {window.Low:F1} and {window.High:F1} um (scores {min:G3} to {max:G3}); put a specimen with structure under the objective, focus it roughly by hand, and run again"));
        }

        var best = coarse.MaxBy(s => s.Score)!;
        if (best == coarse[0] || best == coarse[^1])
        {
            throw new CalibrationException(Invariant(
                $"the sharpest frame is at the edge of the sweep ({best.PositionUm:F1} um): focus lies outside +-{_options.RangeUm} um of the start; focus roughly by hand, or give a larger range"));
        }

        return best.PositionUm;
    }

    /// <summary>
    /// Sweeps one way in fine steps from <paramref name="fromUm"/> (approached with the play taken up) until the best
    /// score so far lies a sweep half-width behind, or the window or the largest backlash is reached, and fits the peak.
    /// Stopping past the peak, not at a fixed end, lets the sweep find a peak shifted by any backlash up to ApproachUm.
    /// </summary>
    private async Task<double> FinePeakAsync(AxisSampler sampler, double fromUm, int direction, (double Low, double High) window, CancellationToken cancellationToken)
    {
        var o = _options;
        var half = o.PeakSweepHalfWidthUm;
        var limit = Math.Clamp(fromUm + (direction * ((2 * half) + o.ApproachUm)), window.Low, window.High);
        fromUm = Math.Clamp(fromUm, window.Low, window.High);
        await sampler.MoveToAsync(Math.Clamp(fromUm - (direction * o.ApproachUm), window.Low, window.High), cancellationToken).ConfigureAwait(false);
        var samples = new List<AxisSample>();
        var best = double.NaN;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; ; i++)
        {
            var target = fromUm + (direction * i * o.FineStepUm);
            if ((target - limit) * direction > 1e-9)
            {
                break;
            }

            var sample = await sampler.MoveAndSampleAsync(target, estimate: false, cancellationToken).ConfigureAwait(false);
            samples.Add(sample);
            if (sample.Score > bestScore)
            {
                (best, bestScore) = (sample.PositionUm, sample.Score);
            }

            if ((sample.PositionUm - best) * direction >= half)
            {
                break;
            }
        }

        var fit = FocusPeak.Fit([.. samples.Select(s => (s.PositionUm, s.Score))], o.PeakFitHalfWidthUm);
        return fit?.PositionUm ?? throw new CalibrationException(Invariant(
            $"the focus peak near {fromUm + (direction * half):F2} um could not be located moving {(direction > 0 ? "up" : "down")}; the specimen may have moved, or the backlash is larger than {o.ApproachUm} um"));
    }

    /// <summary>A first slope from the coarse sweep, leaving out its start where the play was still being taken up.</summary>
    private double RoughSlope(IReadOnlyList<AxisSample> coarse, double hysteresis)
    {
        var range = _rig.Estimator!.RangeUm;
        var settledFrom = coarse[0].PositionUm + hysteresis + _options.CoarseStepUm;
        var line = RobustLine.Fit(Trusted(coarse.Where(s => s.PositionUm >= settledFrom).ToList(), range));
        if (line is null || line.Inliers < 4 || !(Math.Abs(line.Slope) > 0.01))
        {
            throw new CalibrationException(Invariant(
                $"the model's estimates never came into its +-{range} um range or did not change along the sweep; is the model for this objective?"));
        }

        return line.Slope;
    }

    private List<(double X, double Y)> Trusted(IReadOnlyList<AxisSample> samples, double rangeUm) =>
        [.. samples
            .Where(s => s.DefocusUm is { } d && Math.Abs(d) <= _options.TrustedRangeFraction * rangeUm)
            .Select(s => (s.PositionUm, s.DefocusUm!.Value))];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
