using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FocusController.Control.Trials;

namespace FocusController.Bench;

/// <summary>
/// The bench's output: a table per strategy for a person, or one JSON object (snake_case keys, invariant numbers,
/// null for a figure no trial contributed to) with "parameters", one entry per contender under its name, the frames
/// ratio and "tracking".
/// </summary>
public static class BenchReportWriter
{
    public const string SingleShotInt8 = "single-shot-int8";
    public const string SingleShotFp32 = "single-shot-fp32";
    public const string Classic = "classic";

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions LineOptions = JsonOptions with { Indented = false };

    public static string Json(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            var s = report.Settings;
            writer.WriteStartObject();
            writer.WriteStartObject("parameters");
            writer.WriteString("objective", s.Rig.Profile.Name);
            writer.WriteNumber("trials", s.Trials);
            writer.WriteNumber("seed", s.Seed);
            writer.WriteNumber("near_range_um", s.NearRangeUm);
            writer.WriteNumber("far_range_um", s.FarRangeUm);
            writer.WriteNumber("far_share", s.FarShare);
            writer.WriteNumber("far_trials", report.Plan.Count(t => t.FarStart));
            writer.WriteNumber("first_specimen_seed", report.Plan.Min(t => t.SpecimenSeed));
            writer.WriteNumber("depth_of_field_um", Round(s.Rig.Profile.DepthOfFieldUm));
            writer.WriteNumber("success_tolerance_um", Round(s.SuccessToleranceUm));
            writer.WriteNumber("dead_band_um", Round(s.DeadBandUm));
            writer.WriteNumber("frame_width", s.Rig.FrameWidth);
            writer.WriteNumber("frame_height", s.Rig.FrameHeight);
            writer.WriteNumber("frames_per_second", s.Rig.FramesPerSecond);
            writer.WriteNumber("settle_ms", s.Focus.SettleMs);
            writer.WriteNumber("motor_max_speed_um_per_s", s.Rig.Motor.MaxSpeedUmPerSecond);
            writer.WriteNumber("motor_acceleration_um_per_s2", s.Rig.Motor.AccelerationUmPerSecondSquared);
            writer.WriteNumber("motor_backlash_um", s.Rig.Motor.BacklashUm);
            writer.WriteNumber("stage_play_um", s.Rig.StagePlayUm);
            writer.WriteNumber("views_per_patch", s.Views);
            writer.WriteString(
                "inference_timing",
                s.FixedInferenceTime is null ? "median of a warm-up on this host (all views), charged per estimate" : "fixed by --inference-ms, charged per estimate");
            writer.WriteEndObject();

            foreach (var strategy in report.Strategies)
            {
                WriteStrategy(writer, strategy);
            }

            WriteNumberOrNull(writer, "frames_ratio_single_shot_int8_to_classic", report.MedianFramesRatio(SingleShotInt8, Classic));
            WriteNumberOrNull(writer, "frames_per_run_ratio_single_shot_int8_to_classic", FramesPerRunRatio(report));
            if (report.Tracking is { } tracking)
            {
                WriteTracking(writer, tracking);
            }
            else
            {
                writer.WriteNull("tracking");
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static string Text(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Settings;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"bench: objective {s.Rig.Profile.Name}, {s.Trials} trials ({report.Plan.Count(t => t.FarStart)} starting {s.NearRangeUm:0.#} to {s.FarRangeUm:0.#} um out, the rest within ±{s.NearRangeUm:0.#} um), seed {s.Seed}")
            .AppendLine()
            .Append(CultureInfo.InvariantCulture, $"success: in focus by the strategy and true |z| <= {s.SuccessToleranceUm:0.###} um (depth of field {s.Rig.Profile.DepthOfFieldUm:0.###} um); simulated time: {s.Rig.FramesPerSecond:0.#} fps, settle {s.Focus.SettleMs} ms, motor {s.Rig.Motor.MaxSpeedUmPerSecond:0.#} um/s, {s.Rig.Motor.AccelerationUmPerSecondSquared:0.#} um/s^2")
            .AppendLine()
            .AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"strategy",-18} {"trials",6} {"success",8} {"frames med/p95",15} {"run frames med",14} {"time ms med/p95",16} {"final |z| um med/p95",21} {"final z med",11} {"left limits",11} {"infer ms",8}  reasons");
        foreach (var strategy in report.Strategies)
        {
            var f = strategy.Figures;
            string reasons = string.Join(", ", f.Reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value}")));
            text.AppendLine(CultureInfo.InvariantCulture, $"{f.Strategy,-18} {f.Trials,6} {f.SuccessRate,8:P1} {Pair(f.FramesPerFocus, "0.#"),15} {FramesPerRun(f).Median,14:0.#} {Pair(f.TimeToFocusMs, "0"),16} {Pair(f.FinalAbsDefocusUm, "0.###"),21} {SignedFinal(f).Median,11:+0.###;-0.###} {strategy.LeftTravelLimits,11} {strategy.InferenceTime.TotalMilliseconds,8:0.0}  {reasons}");
        }

        text.AppendLine()
            .AppendLine("per specimen kind (image: held-out corpus images)")
            .AppendLine(CultureInfo.InvariantCulture, $"{"strategy",-18} {"kind",-7} {"trials",6} {"success",8} {"frames med/p95",15} {"time ms med/p95",16} {"final |z| um med/p95",21} {"final z med",11}");
        foreach (var strategy in report.Strategies)
        {
            foreach (var (kind, f) in strategy.ByKind)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{f.Strategy,-18} {kind,-7} {f.Trials,6} {f.SuccessRate,8:P1} {Pair(f.FramesPerFocus, "0.#"),15} {Pair(f.TimeToFocusMs, "0"),16} {Pair(f.FinalAbsDefocusUm, "0.###"),21} {SignedFinal(f).Median,11:+0.###;-0.###}");
            }
        }

        double ratio = report.MedianFramesRatio(SingleShotInt8, Classic);
        double perRun = FramesPerRunRatio(report);
        text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"median frames, {SingleShotInt8} / {Classic}: {(double.IsNaN(ratio) ? "- (no successes to compare)" : ratio.ToString("0.###", CultureInfo.InvariantCulture))} over successful trials, {perRun:0.###} over all trials");

        if (report.Tracking is { } t)
        {
            var m = t.Summary;
            text.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"tracking ({t.Contender}, {t.Hours:0.##} h simulated, drift {t.DriftUmPerHour:0.##} um/h plus the stage's wander): {m.Samples} estimates, {m.Corrections} corrections ({m.ReferenceCorrections} read from the specimen's reference, taken {m.ReferenceCaptures} times and lost {m.ReferenceLosses}; {m.Probes} probed, {m.ProbeReversals} of them against the model's sign), {m.RateLimited} rate-limited, {m.Refocuses} refocuses, {m.LowConfidence} low-confidence, {m.Paused} paused; ended {m.StopReason}")
                .AppendLine(CultureInfo.InvariantCulture, $"  true |z| median {t.AbsDefocusUm.Median:0.###} um, p95 {t.AbsDefocusUm.P95:0.###} um, max {t.WorstAbsDefocusUm:0.###} um over every frame; dead band ±{t.DeadBandUm:0.###} um: {(t.HeldInDeadBand ? "held" : "left")} (drift over one decision's estimates is up to {t.WindowDriftUm:0.###} um)");
        }

        return text.ToString();
    }

    private static FigureSummary FramesPerRun(FocusBenchmarkReport figures) => FigureSummary.Of(figures.Results.Select(r => (double)r.Outcome.Frames));

    private static double FramesPerRunRatio(BenchReport report)
    {
        double top = report.Find(SingleShotInt8) is { } single ? FramesPerRun(single.Figures).Median : double.NaN;
        double bottom = report.Find(Classic) is { } classic ? FramesPerRun(classic.Figures).Median : double.NaN;
        return bottom > 0 ? top / bottom : double.NaN;
    }

    private static FigureSummary SignedFinal(FocusBenchmarkReport figures) => FigureSummary.Of(figures.Results.Select(r => r.FinalTrueDefocusUm));

    private static string Pair(FigureSummary figure, string format) =>
        figure.Count == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{figure.Median.ToString(format, CultureInfo.InvariantCulture)} / {figure.P95.ToString(format, CultureInfo.InvariantCulture)}");

    /// <summary>
    /// One JSON object per line for every trial of every strategy: the plan (kind, specimen seed, start), the truth at
    /// the end, the outcome and its frame-by-frame trace. What a failure rate alone cannot say: which trials failed, and
    /// what the model read on the way.
    /// </summary>
    public static string TrialLines(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        using var buffer = new MemoryStream();
        foreach (var strategy in report.Strategies)
        {
            foreach (var trial in strategy.Trials)
            {
                AppendJsonLine(text, buffer, writer => WriteTrial(writer, strategy.Figures.Strategy, report.Plan[trial.Index], trial));
            }
        }

        if (report.Tracking is { } tracking)
        {
            AppendJsonLine(text, buffer, writer => WriteTrackingTrace(writer, tracking));
        }

        return text.ToString();
    }

    /// <summary>Writes one JSON object through <paramref name="buffer"/> and appends it to <paramref name="text"/> as a line.</summary>
    private static void AppendJsonLine(StringBuilder text, MemoryStream buffer, Action<Utf8JsonWriter> write)
    {
        buffer.SetLength(0);
        using (var writer = new Utf8JsonWriter(buffer, LineOptions))
        {
            write(writer);
        }

        text.Append(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).Append('\n');
    }

    private static void WriteTrial(Utf8JsonWriter writer, string strategy, BenchTrial plan, FocusTrialResult trial)
    {
        var outcome = trial.Outcome;
        writer.WriteStartObject();
        writer.WriteString("strategy", strategy);
        writer.WriteNumber("trial", trial.Index);
        writer.WriteString("kind", plan.Kind);
        writer.WriteNumber("specimen_seed", plan.SpecimenSeed);
        writer.WriteNumber("start_defocus_um", Round(trial.StartDefocusUm));
        writer.WriteNumber("final_defocus_um", Round(trial.FinalTrueDefocusUm));
        writer.WriteBoolean("success", trial.Success);
        writer.WriteString("result", outcome.Result.ToString());
        writer.WriteString("reason", outcome.Reason);
        writer.WriteString("ran", outcome.Strategy);
        writer.WriteNumber("frames", outcome.Frames);
        writer.WriteNumber("moves", outcome.Moves);
        writer.WriteNumber("time_ms", Round(outcome.Elapsed.TotalMilliseconds));
        writer.WriteStartArray("trace");
        foreach (var step in outcome.Trace)
        {
            writer.WriteStartObject();
            writer.WriteString("phase", step.Phase);
            writer.WriteNumber("position_um", Round(step.PositionUm));
            WriteNumberOrNull(writer, "estimate_um", step.EstimateUm ?? double.NaN);
            WriteNumberOrNull(writer, "score", step.Score ?? double.NaN);
            if (step.Note is not null)
            {
                writer.WriteString("note", step.Note);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStrategy(Utf8JsonWriter writer, BenchStrategyReport strategy)
    {
        writer.WriteStartObject(strategy.Figures.Strategy);
        WriteFigures(writer, strategy.Figures);
        writer.WriteStartObject("by_kind");
        foreach (var (kind, figures) in strategy.ByKind)
        {
            writer.WriteStartObject(kind);
            WriteFigures(writer, figures);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteNumber("left_travel_limits", strategy.LeftTravelLimits);
        writer.WriteNumber("inference_ms", Round(strategy.InferenceTime.TotalMilliseconds));
        if (strategy.ModelVersion is null)
        {
            writer.WriteNull("model_version");
        }
        else
        {
            writer.WriteString("model_version", strategy.ModelVersion);
        }

        writer.WriteEndObject();
    }

    private static void WriteFigures(Utf8JsonWriter writer, FocusBenchmarkReport f)
    {
        writer.WriteNumber("trials", f.Trials);
        writer.WriteNumber("successes", f.Successes);
        writer.WriteNumber("success_rate", Round(f.SuccessRate));
        WriteFigure(writer, "frames_per_focus", f.FramesPerFocus);
        // every trial, failed ones too: the frame economy of a strategy when few of its runs count as successes
        WriteFigure(writer, "frames_per_run", FramesPerRun(f));
        WriteFigure(writer, "time_to_focus_ms", f.TimeToFocusMs);
        WriteFigure(writer, "moves_per_focus", f.MovesPerFocus);
        WriteFigure(writer, "final_abs_defocus_um", f.FinalAbsDefocusUm);
        // signed: a strategy that lands to one side of focus (a focus measure peaking off the focal plane) shows here
        WriteFigure(writer, "final_defocus_um", SignedFinal(f));
        writer.WriteStartObject("reasons");
        foreach (var (reason, count) in f.Reasons)
        {
            writer.WriteNumber(reason, count);
        }

        writer.WriteEndObject();
    }

    private static void WriteTracking(Utf8JsonWriter writer, TrackingReport t)
    {
        var m = t.Summary;
        writer.WriteStartObject("tracking");
        writer.WriteString("strategy", t.Contender);
        writer.WriteNumber("hours", t.Hours);
        writer.WriteNumber("drift_um_per_hour", t.DriftUmPerHour);
        writer.WriteNumber("dead_band_um", Round(t.DeadBandUm));
        writer.WriteNumber("estimates", m.Samples);
        writer.WriteNumber("corrections", m.Corrections);
        writer.WriteNumber("rate_limited", m.RateLimited);
        writer.WriteNumber("refocuses", m.Refocuses);
        writer.WriteNumber("low_confidence", m.LowConfidence);
        writer.WriteNumber("paused", m.Paused);
        writer.WriteNumber("reversals", m.Reversals);
        writer.WriteNumber("probes", m.Probes);
        writer.WriteNumber("probe_reversals", m.ProbeReversals);
        writer.WriteNumber("reference_captures", m.ReferenceCaptures);
        writer.WriteNumber("reference_corrections", m.ReferenceCorrections);
        writer.WriteNumber("reference_losses", m.ReferenceLosses);
        writer.WriteString("stop_reason", m.StopReason);
        WriteFigure(writer, "true_abs_defocus_um", t.AbsDefocusUm);
        WriteNumberOrNull(writer, "worst_abs_defocus_any_frame_um", t.WorstAbsDefocusUm);
        writer.WriteBoolean("held_in_dead_band", t.HeldInDeadBand);
        writer.WriteNumber("window_drift_um", Round(t.WindowDriftUm));
        writer.WriteBoolean("held_within_dead_band_plus_window_drift", t.WorstAbsDefocusUm <= t.DeadBandUm + t.WindowDriftUm);
        writer.WriteEndObject();
    }

    private static void WriteTrackingTrace(Utf8JsonWriter writer, TrackingReport t)
    {
        writer.WriteStartObject();
        writer.WriteString("tracking", t.Contender);
        writer.WriteNumber("dead_band_um", Round(t.DeadBandUm));
        writer.WriteStartArray("trace");
        foreach (var point in t.Trace)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seconds", Round(point.Seconds));
            writer.WriteNumber("position_um", Round(point.PositionUm));
            WriteNumberOrNull(writer, "estimate_um", point.EstimateUm ?? double.NaN);
            WriteNumberOrNull(writer, "true_defocus_um", point.TrueDefocusUm);
            writer.WriteString("action", point.Action);
            writer.WriteNumber("correction_um", Round(point.CorrectionUm));
            writer.WriteBoolean("probe", point.Probe);
            WriteNumberOrNull(writer, "reference_um", point.ReferenceUm ?? double.NaN);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteFigure(Utf8JsonWriter writer, string name, FigureSummary figure)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("count", figure.Count);
        WriteNumberOrNull(writer, "median", figure.Median);
        WriteNumberOrNull(writer, "p95", figure.P95);
        WriteNumberOrNull(writer, "mean", figure.Mean);
        WriteNumberOrNull(writer, "max", figure.Max);
        writer.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Round(value));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static double Round(double value) => Math.Round(value, 4);
}
