using FocusController.Camera;
using FocusController.Inference;

namespace FocusController.Control.Calibration;

/// <summary>One frame taken with the axis standing still: where the axis was, the frame, its focus score and, when asked, the model's estimate.</summary>
public sealed record AxisSample(double PositionUm, CapturedFrame Frame, double Score, DefocusEstimate? Estimate)
{
    /// <summary>The estimate's value when the model gave one, else null.</summary>
    public double? DefocusUm => Estimate is { HasValue: true } e ? e.DefocusUm : null;
}

/// <summary>
/// Moves the axis and takes the first frame exposed after the stage has settled, as every measuring sweep needs:
/// calibration and stack collection both sample the axis this way, so no frame exposed while the knob turned is used.
/// </summary>
public sealed class AxisSampler(FocusRig rig, TimeSpan settle)
{
    private DateTimeOffset _lastMoveEnd = DateTimeOffset.MinValue;

    public FocusRig Rig { get; } = rig ?? throw new ArgumentNullException(nameof(rig));

    /// <summary>Frames taken so far.</summary>
    public int Frames { get; private set; }

    public async Task MoveToAsync(double targetUm, CancellationToken cancellationToken)
    {
        await Rig.Drive.MoveToAsync(targetUm, cancellationToken).ConfigureAwait(false);
        _lastMoveEnd = Rig.Time.GetUtcNow();
    }

    public async Task<AxisSample> MoveAndSampleAsync(double targetUm, bool estimate, CancellationToken cancellationToken)
    {
        await MoveToAsync(targetUm, cancellationToken).ConfigureAwait(false);
        return await SampleAsync(estimate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Samples from <paramref name="fromUm"/> to <paramref name="toUm"/> every <paramref name="stepUm"/>, all moves in
    /// one direction: the axis first goes <paramref name="approachUm"/> beyond the start, against the sweep, so the
    /// play is taken up before the first frame. Every position is kept inside <paramref name="window"/>.
    /// </summary>
    public async Task<IReadOnlyList<AxisSample>> SweepAsync(
        double fromUm, double toUm, double stepUm, double approachUm, (double Low, double High) window, bool estimate, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepUm);
        fromUm = Math.Clamp(fromUm, window.Low, window.High);
        toUm = Math.Clamp(toUm, window.Low, window.High);
        var sign = toUm >= fromUm ? 1 : -1;
        var approach = Math.Clamp(fromUm - (sign * approachUm), window.Low, window.High);
        if (Math.Abs(approach - fromUm) > 1e-9)
        {
            await MoveToAsync(approach, cancellationToken).ConfigureAwait(false);
        }

        var count = (int)Math.Floor((Math.Abs(toUm - fromUm) / stepUm) + 1e-9);
        var samples = new List<AxisSample>(count + 1);
        for (var i = 0; i <= count; i++)
        {
            samples.Add(await MoveAndSampleAsync(fromUm + (sign * i * stepUm), estimate, cancellationToken).ConfigureAwait(false));
        }

        return samples;
    }

    public async Task<AxisSample> SampleAsync(bool estimate, CancellationToken cancellationToken)
    {
        var now = Rig.Time.GetUtcNow();
        var notBefore = _lastMoveEnd == DateTimeOffset.MinValue ? now : _lastMoveEnd + settle;
        if (notBefore < now)
        {
            notBefore = now;
        }

        var frame = await Rig.Camera.GetFrameAsync(notBefore, cancellationToken).ConfigureAwait(false);
        Frames++;
        var position = Rig.Drive.PositionUm;
        var score = Rig.Measure.Score(frame.Image);
        var defocus = estimate && Rig.Estimator is { } estimator ? estimator.Estimate(frame.Image) : null;
        return new AxisSample(position, frame, score, defocus);
    }
}
