using FocusController.Control;
using FocusController.Control.Trials;

namespace FocusController.Bench;

/// <summary>
/// Holds focus with <see cref="FocusTracker"/> over simulated hours of drift on the virtual box, starting in focus,
/// with the contender's strategy to refocus if focus is lost. The truth of every frame the tracker looks at gives the
/// figures: how far from focus the specimen really was, and whether that stayed inside the dead band.
/// </summary>
public sealed class TrackingBench(BenchSettings settings)
{
    /// <summary>The simulated stage's slow wander (the daemon's simulate-mode stage), µm, over a 20-minute period.</summary>
    private const double WanderAmplitudeUm = 0.3;

    private const double WanderPeriodHours = 1.0 / 3;

    public TrackingReport Run(BenchContender contender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contender);
        int seed = BenchTrialPlan.TrackingSpecimenSeed(settings.Seed);
        var specimen = VirtualBenchRig.Specimen(settings.Rig, "tissue", seed);
        var rig = VirtualBenchRig.Open(settings.Rig, specimen, 0, contender.Estimator, contender.InferenceTime, seed, settings.TrackingDriftUmPerHour);
        try
        {
            return Run(rig, contender, cancellationToken);
        }
        finally
        {
            rig.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Tracks on <paramref name="rig"/> for <see cref="BenchSettings.TrackingHours"/> of simulated time.</summary>
    public TrackingReport Run(VirtualBenchRig rig, BenchContender contender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(contender);
        var focus = settings.Focus;
        var refocus = FocusStrategies.Create(contender.Strategy, rig.Rig, focus, settings.Rig.Profile);
        var tracker = new FocusTracker(rig.Rig, focus, settings.Rig.Profile, refocus);
        var duration = TimeSpan.FromHours(settings.TrackingHours);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // ends on the first estimate past the duration: a timer on the simulated clock would fire while a move runs on
        // the axis's pulse thread and end the run early
        rig.Camera.ClearLog();
        var window = new TrackingWindow(rig.Clock.GetUtcNow(), rig.Clock.GetUtcNow() + duration, rig.Camera, stop);
        var summary = rig.Clock.Run(() => tracker.RunAsync(window, stop.Token));
        cancellationToken.ThrowIfCancellationRequested();
        // the figures are over the estimates at the tracking interval, evenly spaced in time, so a median is the middle of
        // the hours; a probe reads several frames in a second at the moment focus is worst and would weigh that moment
        // many times. Held is judged on every frame the camera took, probes included.
        var figure = FigureSummary.Of(window.Trace.Where(p => !p.Probe).Select(p => Math.Abs(p.TrueDefocusUm)).ToArray());
        var worst = rig.Camera.FrameDefocusUm.Count > 0 ? rig.Camera.FrameDefocusUm.Max(Math.Abs) : double.NaN;
        return new TrackingReport(
            contender.Name,
            settings.TrackingHours,
            settings.TrackingDriftUmPerHour,
            tracker.DeadBandUm,
            // the wander adds at most its peak rate, 2π·amplitude/period; a decision rests on TrackingMedianOf estimates
            (settings.TrackingDriftUmPerHour + (2 * Math.PI * WanderAmplitudeUm / WanderPeriodHours)) * focus.TrackingIntervalSeconds * focus.TrackingMedianOf / 3600,
            summary,
            figure,
            worst,
            worst <= tracker.DeadBandUm,
            window.Trace);
    }

    /// <summary>Ends the run at the end of the window and keeps each estimate with the truth of its frame.</summary>
    private sealed class TrackingWindow(DateTimeOffset start, DateTimeOffset end, TruthRecordingCamera camera, CancellationTokenSource stop) : IProgress<TrackingSample>
    {
        private readonly List<TrackingTracePoint> _trace = [];

        public IReadOnlyList<TrackingTracePoint> Trace => _trace;

        public void Report(TrackingSample value)
        {
            // the tracker reports right after estimating, before it takes another frame: the last frame is this one's (after
            // a refocus, the refocus's last)
            double truth = camera.FrameDefocusUm.Count > 0 ? camera.FrameDefocusUm[^1] : double.NaN;
            _trace.Add(new TrackingTracePoint((value.ExposureStart - start).TotalSeconds, value.PositionUm, value.EstimateUm, truth, value.Action, value.CorrectionUm, value.Probe, value.ReferenceUm));
            if (value.ExposureStart >= end)
            {
                stop.Cancel();
            }
        }
    }
}

/// <summary>
/// How tracking went: the tracker's own counts, the true |defocus| of every frame it took (median, p95, max), and
/// whether the true |defocus| stayed inside the dead band throughout. A tracker corrects only once the median of its
/// last few estimates leaves the dead band, so even a perfect model lets the truth pass it by up to
/// <paramref name="WindowDriftUm"/>, the most the focus drifts over the estimates one decision rests on.
/// <paramref name="AbsDefocusUm"/> is over the estimates at the tracking interval (evenly spaced in time);
/// <paramref name="WorstAbsDefocusUm"/> over every frame, probe frames included, and held means that stayed inside
/// the dead band. <paramref name="Trace"/> holds every estimate beside the truth, for `bench --trials-out`.
/// </summary>
public sealed record TrackingReport(
    string Contender,
    double Hours,
    double DriftUmPerHour,
    double DeadBandUm,
    double WindowDriftUm,
    TrackingSummary Summary,
    FigureSummary AbsDefocusUm,
    double WorstAbsDefocusUm,
    bool HeldInDeadBand,
    IReadOnlyList<TrackingTracePoint> Trace);

/// <summary>One tracking estimate: seconds since tracking began, axis position, the estimate (null: no content), the
/// true defocus of its frame, what the tracker did and the correction it made; <paramref name="Probe"/>: the reading
/// at a probe step, not one of the estimates at the tracking interval; <paramref name="ReferenceUm"/>: the offset read
/// from the specimen's reference stack when tracking used it.</summary>
public sealed record TrackingTracePoint(
    double Seconds, double PositionUm, double? EstimateUm, double TrueDefocusUm, string Action, double CorrectionUm, bool Probe, double? ReferenceUm);
