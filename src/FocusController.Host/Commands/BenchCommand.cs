using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FocusController.Control;
using FocusController.Bench;
using FocusController.Host.Configuration;
using FocusController.Imaging;
using FocusController.Inference;
using FocusController.Simulation.Corpus;

namespace FocusController.Host.Commands;

/// <summary>
/// `focusctl bench --objective NAME --trials N`: single-shot (int8 and fp32 models) against the classic search on the
/// same trials of the virtual microscope in simulated time, then focus tracking over simulated hours of drift.
/// </summary>
public static class BenchCommand
{
    public const int MaxTrials = BenchTrialPlan.SeedsPerBenchSeed - 1;
    public const int MinFrameSize = 224;
    public const int MaxFrameSize = 1024;
    public const double MinInferenceMs = 0;
    public const double MaxInferenceMs = 10_000;

    /// <summary>The contenders `--strategies` chooses from, in the order they run and report.</summary>
    public static IReadOnlyList<string> StrategyNames { get; } = [BenchReportWriter.SingleShotInt8, BenchReportWriter.SingleShotFp32, BenchReportWriter.Classic];

    public static Command Create()
    {
        var objective = new Option<string>("--objective") { Description = $"objective profile: {ObjectiveProfiles.Names}", DefaultValueFactory = _ => PredictCommand.DefaultObjective };
        var trials = new Option<int>("--trials") { Description = $"trials per strategy, 1 to {MaxTrials}", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "seed of the trial plan (held-out specimens from seed 900000 up, starts)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of the tables" };
        var modelDir = new Option<string?>("--model-dir") { Description = "directory holding ldse-net-<objective>.int8.onnx and .fp32.onnx; default: the models/ folder focusctl finds" };
        var hours = new Option<double>("--tracking-hours") { Description = "simulated hours of focus tracking (0 skips it)", DefaultValueFactory = _ => 8 };
        var frameSize = new Option<int>("--frame-size") { Description = $"side of the square camera frame, pixels, {MinFrameSize} to {MaxFrameSize}; below 672 the 3x3 patches overlap, and each doubling of the render grid costs 4x", DefaultValueFactory = _ => BenchRigSettings.DefaultFrameSize };
        var views = new Option<int>("--views") { Description = "views of each patch the model reads and averages: 1, 4 (quarter turns) or 8 (and mirrored); default: the config's Model:Views", DefaultValueFactory = _ => new ModelOptions().Views };
        var inferenceMs = new Option<double?>("--inference-ms") { Description = $"charge this many ms per estimate instead of the median measured on this host (the target board's figure, or the same figure for two models compared side by side), {MinInferenceMs} to {MaxInferenceMs}" };
        var strategies = new Option<string>("--strategies") { Description = $"comma-separated contenders to run: {string.Join(", ", StrategyNames)}", DefaultValueFactory = _ => string.Join(",", StrategyNames) };
        var trialsOut = new Option<string?>("--trials-out") { Description = "also write every trial of every strategy (plan, outcome, frame-by-frame trace) to this file, one JSON object per line" };
        var command = new Command(
            "bench",
            "Benchmark single-shot autofocus (int8, fp32) against the classic search on the virtual microscope, in simulated time: "
            + "starts uniform within ±10 um, 15 % of them 10 to 50 um out, held-out specimens of every kind; 15 fps camera, "
            + "settle, motor speed and acceleration of the simulate-mode config, inference charged its warm-up median; then tracking against drift");
        command.Options.Add(objective);
        command.Options.Add(trials);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.Options.Add(modelDir);
        command.Options.Add(hours);
        command.Options.Add(frameSize);
        command.Options.Add(views);
        command.Options.Add(inferenceMs);
        command.Options.Add(strategies);
        command.Options.Add(trialsOut);
        command.SetAction((ParseResult pr, CancellationToken ct) =>
        {
            var output = pr.InvocationConfiguration.Output;
            var error = pr.InvocationConfiguration.Error;
            return ToolAction.RunAsync(error, () => RunAsync(
                new BenchRequest(
                    pr.GetValue(objective) ?? PredictCommand.DefaultObjective,
                    pr.GetValue(trials),
                    pr.GetValue(seed),
                    pr.GetValue(json),
                    pr.GetValue(modelDir),
                    pr.GetValue(hours),
                    pr.GetValue(frameSize),
                    pr.GetValue(views),
                    pr.GetValue(inferenceMs),
                    pr.GetValue(trialsOut),
                    pr.GetValue(strategies) ?? string.Join(",", StrategyNames)),
                output,
                error,
                ct));
        });
        return command;
    }

    private static async Task<int> RunAsync(BenchRequest request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!ObjectiveProfiles.TryGet(request.Objective, out var profile))
        {
            throw new UsageException($"--objective '{request.Objective}': allowed: {ObjectiveProfiles.Names}");
        }

        if (request.Trials is < 1 or > MaxTrials)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--trials {request.Trials}: allowed: 1 to {MaxTrials}"));
        }

        if (request.Seed < 0)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--seed {request.Seed}: allowed: 0 or more"));
        }

        if (!(request.TrackingHours is >= 0 and <= 1000))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--tracking-hours {request.TrackingHours}: allowed: 0 to 1000"));
        }

        if (request.FrameSize is < MinFrameSize or > MaxFrameSize)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--frame-size {request.FrameSize}: allowed: {MinFrameSize} to {MaxFrameSize}"));
        }

        if (!PatchView.Counts.Contains(request.Views))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--views {request.Views}: allowed: {string.Join(", ", PatchView.Counts)}"));
        }

        if (request.InferenceMs is { } fixedMs && !(fixedMs is >= MinInferenceMs and <= MaxInferenceMs))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--inference-ms {fixedMs}: allowed: {MinInferenceMs} to {MaxInferenceMs}"));
        }

        if (request.TrialsOut is { } trialsPath && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(trialsPath))))
        {
            throw new UsageException($"--trials-out {trialsPath}: its folder does not exist");
        }

        var chosen = request.Strategies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (chosen.Length == 0 || chosen.Any(c => !StrategyNames.Contains(c, StringComparer.Ordinal)) || chosen.Distinct().Count() != chosen.Length)
        {
            throw new UsageException($"--strategies {request.Strategies}: allowed: a comma-separated list of distinct names from {string.Join(", ", StrategyNames)}");
        }

        using var int8 = chosen.Contains(BenchReportWriter.SingleShotInt8) ? OpenModel(ModelPath(request.ModelDirectory, profile, ModelPrecision.Int8), request.Views) : null;
        using var fp32 = chosen.Contains(BenchReportWriter.SingleShotFp32) ? OpenModel(ModelPath(request.ModelDirectory, profile, ModelPrecision.Fp32), request.Views) : null;
        SpecimenCorpus? corpus;
        try
        {
            corpus = SpecimenCorpus.Find();
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        if (corpus is null || corpus.In(CorpusSplit.Heldout).Count == 0)
        {
            await error.WriteLineAsync($"bench: no held-out corpus images found ({SpecimenCorpus.Folder}/{SpecimenCorpus.ManifestName} beside focusctl or above the working directory); procedural kinds only".AsMemory(), ct).ConfigureAwait(false);
        }

        var settings = new BenchSettings
        {
            Rig = new BenchRigSettings { Profile = profile, FrameWidth = request.FrameSize, FrameHeight = request.FrameSize, Corpus = corpus },
            Trials = request.Trials,
            Seed = request.Seed,
            TrackingHours = request.TrackingHours,
            Views = request.Views,
            FixedInferenceTime = request.InferenceMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
        var frame = InferenceTiming.SampleFrame(settings.Rig);
        TimeSpan Charged(PatchDefocusEstimator estimator) => settings.FixedInferenceTime ?? InferenceTiming.MedianOf(estimator, frame);
        var contenders = new List<BenchContender>();
        if (int8 is not null)
        {
            contenders.Add(new(BenchReportWriter.SingleShotInt8, SingleShotStrategy.StrategyName, int8, Charged(int8), int8.Model.Info.Version));
        }

        if (fp32 is not null)
        {
            contenders.Add(new(BenchReportWriter.SingleShotFp32, SingleShotStrategy.StrategyName, fp32, Charged(fp32), fp32.Model.Info.Version));
        }

        if (chosen.Contains(BenchReportWriter.Classic))
        {
            contenders.Add(new(BenchReportWriter.Classic, ClassicStrategy.StrategyName, null, TimeSpan.Zero));
        }

        // tracking follows the first model contender (int8 when it runs): the classic search does not track
        var single = contenders.FirstOrDefault(c => c.Estimator is not null);

        var started = Stopwatch.GetTimestamp();
        var progress = new Progress(error, started);
        var report = await Task.Run(() => new FocusBench(settings).Run(contenders, single, progress, ct), ct).ConfigureAwait(false);
        if (request.TrialsOut is { } path)
        {
            await File.WriteAllTextAsync(path, BenchReportWriter.TrialLines(report), ct).ConfigureAwait(false);
        }

        string text = request.Json ? BenchReportWriter.Json(report) : BenchReportWriter.Text(report);
        await output.WriteLineAsync(text.AsMemory(), ct).ConfigureAwait(false);
        if (!request.Json)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wall time {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s").AsMemory(), ct).ConfigureAwait(false);
        }

        return 0;
    }

    private static string ModelPath(string? directory, ObjectiveProfile profile, ModelPrecision precision)
    {
        string name = ModelFiles.FileName(profile.Name, precision);
        if (directory is not null)
        {
            string path = Path.Combine(directory, name);
            return File.Exists(path) ? path : throw new UsageException($"--model-dir {directory}: {name} not found there");
        }

        return ModelFiles.Find(name, out var searched)
            ?? throw new UsageException($"model {name} not found (looked in {searched[0]} and the models/ folders above it and the current directory); pass --model-dir DIR");
    }

    private static PatchDefocusEstimator OpenModel(string path, int views)
    {
        try
        {
            return PatchDefocusEstimator.Open(
                new LdseModelOptions { ModelPath = path, IntraOpThreads = new ModelOptions().Threads },
                new DefocusEstimatorOptions { Views = views });
        }
        catch (Exception ex) when (ex is InvalidModelException or IOException)
        {
            throw new UsageException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Progress lines on stderr, so a long bench shows it is alive without touching the report on stdout.</summary>
    private sealed class Progress(TextWriter error, long started) : IProgress<string>
    {
        public void Report(string value) =>
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: {value} ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)"));
    }

    private sealed record BenchRequest(string Objective, int Trials, int Seed, bool Json, string? ModelDirectory, double TrackingHours, int FrameSize, int Views, double? InferenceMs, string? TrialsOut, string Strategies);
}
