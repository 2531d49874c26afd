using FocusController.Control;
using FocusController.Control.Trials;

namespace FocusController.Host.Bench;

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
        var window = new TrackingWindow(rig.Clock.GetUtcNow() + duration, stop);
        rig.Camera.ClearLog();
        var summary = rig.Clock.Run(() => tracker.RunAsync(window, stop.Token));
        cancellationToken.ThrowIfCancellationRequested();
        var absolute = rig.Camera.FrameDefocusUm.Select(Math.Abs).ToArray();
        var figure = FigureSummary.Of(absolute);
        return new TrackingReport(
            contender.Name,
            settings.TrackingHours,
            settings.TrackingDriftUmPerHour,
            tracker.DeadBandUm,
            // the wander adds at most its peak rate, 2π·amplitude/period; a decision rests on TrackingMedianOf estimates
            (settings.TrackingDriftUmPerHour + (2 * Math.PI * WanderAmplitudeUm / WanderPeriodHours)) * focus.TrackingIntervalSeconds * focus.TrackingMedianOf / 3600,
            summary,
            figure,
            absolute.Length > 0 && figure.Max <= tracker.DeadBandUm);
    }

    private sealed class TrackingWindow(DateTimeOffset end, CancellationTokenSource stop) : IProgress<TrackingSample>
    {
        public void Report(TrackingSample value)
        {
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
/// </summary>
public sealed record TrackingReport(
    string Contender,
    double Hours,
    double DriftUmPerHour,
    double DeadBandUm,
    double WindowDriftUm,
    TrackingSummary Summary,
    FigureSummary AbsDefocusUm,
    bool HeldInDeadBand);
