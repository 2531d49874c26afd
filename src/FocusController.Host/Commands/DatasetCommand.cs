using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FocusController.Imaging;
using FocusController.Imaging.Stacks;
using FocusController.Simulation.Corpus;
using FocusController.Simulation.Datasets;
using FocusController.Simulation.Specimens;

namespace FocusController.Host.Commands;

/// <summary>
/// `focusctl dataset`: renders simulated defocus stacks in the labelled-stack format for training. Everything is
/// validated before anything is created; a rerun into the same directory with the same arguments resumes.
/// </summary>
public static class DatasetCommand
{
    public const int MaxStacks = 1_000_000;
    public const int MinFrameSide = 32;
    public const int MaxFrameSide = 4096;

    public static Command Create()
    {
        var outOption = new Option<string>("--out") { Description = "Dataset directory (created; must be empty, or this same dataset to resume)", Required = true };
        var objectiveOption = new Option<string>("--objective") { Description = $"Objective profile: {ObjectiveProfiles.Names}", Required = true };
        var stacksOption = new Option<int>("--stacks") { Description = "Number of stacks (fields of view)", Required = true };
        var rangeOption = new Option<double>("--range") { Description = "Render z from -range to +range, um", DefaultValueFactory = _ => 10 };
        var stepOption = new Option<double>("--step") { Description = "z step, um (must divide the range)", DefaultValueFactory = _ => 0.5 };
        var kindsOption = new Option<string>("--kinds") { Description = $"Comma-separated specimen kinds: {SpecimenKinds.Names}, image (corpus images of --split)", DefaultValueFactory = _ => "blood,tissue,cells,sparse" };
        var splitOption = new Option<string>("--split") { Description = "Corpus split image stacks draw from: train, validation or heldout", DefaultValueFactory = _ => "train" };
        var seedOption = new Option<long>("--seed") { Description = "Seed; the same seed gives the same dataset", DefaultValueFactory = _ => 1 };
        var widthOption = new Option<int>("--width") { Description = "Frame width, pixels", DefaultValueFactory = _ => 224 };
        var heightOption = new Option<int>("--height") { Description = "Frame height, pixels", DefaultValueFactory = _ => 224 };
        var forceOption = new Option<bool>("--force") { Description = "Write a new dataset into a non-empty directory" };
        var threadsOption = new Option<int>("--threads") { Description = "Stacks rendered at once (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("dataset", "Render simulated defocus stacks (labelled-stack format) for training");
        foreach (var option in new Option[] { outOption, objectiveOption, stacksOption, rangeOption, stepOption, kindsOption, splitOption, seedOption, widthOption, heightOption, forceOption, threadsOption })
        {
            command.Options.Add(option);
        }

        command.SetAction((ParseResult pr, CancellationToken ct) => ToolAction.RunAsync(pr.InvocationConfiguration.Error, async () =>
        {
            var options = new SimulatedDatasetOptions
            {
                Objective = RenderArguments.Objective(pr.GetValue(objectiveOption)!),
                Stacks = Stacks(pr.GetValue(stacksOption)),
                RangeUm = pr.GetValue(rangeOption),
                StepUm = pr.GetValue(stepOption),
                Kinds = RenderArguments.Kinds(pr.GetValue(kindsOption)!, allowImage: true),
                Seed = pr.GetValue(seedOption),
                Width = RenderArguments.FrameSide("--width", pr.GetValue(widthOption)),
                Height = RenderArguments.FrameSide("--height", pr.GetValue(heightOption)),
            };
            RenderArguments.CheckRange(options.RangeUm, options.StepUm);
            string splitName = pr.GetValue(splitOption)!;
            if (!Enum.TryParse<CorpusSplit>(splitName, ignoreCase: true, out var split) || !Enum.IsDefined(split))
            {
                throw new UsageException($"--split {splitName}: allowed train, validation, heldout");
            }

            if (options.Kinds.Contains(SimulatedDatasetOptions.ImageKind))
            {
                SpecimenCorpus? corpus;
                try
                {
                    corpus = SpecimenCorpus.Find();
                }
                catch (InvalidDataException ex)
                {
                    throw new UsageException(ex.Message, ex);
                }

                if (corpus is null || corpus.In(split).Count == 0)
                {
                    throw new UsageException($"--kinds image: no {split.ToString().ToLowerInvariant()} images in a specimen corpus ({SpecimenCorpus.Folder}/{SpecimenCorpus.ManifestName} beside focusctl or above the working directory)");
                }

                options = options with { Corpus = corpus, Split = split };
            }
            int threads = pr.GetValue(threadsOption);
            if (threads < 1 || threads > 64)
            {
                throw new UsageException($"--threads {threads}: allowed 1 to 64");
            }

            string directory = pr.GetValue(outOption)!;
            var generator = new SimulatedDatasetWriter(options);
            var manifest = generator.Manifest;
            var state = LabelledStackWriter.Inspect(directory, manifest);
            bool force = pr.GetValue(forceOption);
            switch (state)
            {
                case StackDirectoryState.NotADirectory:
                    throw new UsageException($"--out {directory}: is a file; a directory is needed");
                case StackDirectoryState.OtherDataset when !force:
                    throw new UsageException($"--out {directory}: holds a dataset with other parameters; use another directory, the same arguments to resume, or --force to start a new dataset there");
                case StackDirectoryState.Occupied when !force:
                    throw new UsageException($"--out {directory}: is not empty; use an empty or new directory, or --force");
            }

            var error = pr.InvocationConfiguration.Error;
            var output = pr.InvocationConfiguration.Output;
            using var writer = LabelledStackWriter.Open(directory, manifest, overwrite: force);
            int already = writer.CompletedStacks.Count(id => id.Length == 7 && int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < options.Stacks);
            if (already > 0)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"resuming: {already} of {options.Stacks} stacks already written")).ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            var progress = new ProgressLine(error, clock, already);
            await Task.Run(() => generator.Write(writer, threads, progress, ct), ct).ConfigureAwait(false);
            int images = (options.Stacks - already) * options.ImagesPerStack;
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {options.Stacks - already} stacks, {images} images to {directory} in {clock.Elapsed.TotalSeconds:F1} s ({images / Math.Max(1e-9, clock.Elapsed.TotalSeconds):F1} images/s)")).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static int Stacks(int stacks) =>
        stacks is < 1 or > MaxStacks ? throw new UsageException($"--stacks {stacks}: allowed 1 to {MaxStacks}") : stacks;

    /// <summary>One line on stderr at most every two seconds and at the end: stacks, images/s, time left.</summary>
    private sealed class ProgressLine(TextWriter error, Stopwatch clock, int alreadyDone) : IProgress<DatasetProgress>
    {
        private readonly Lock _lock = new();
        private double _lastReport = double.NegativeInfinity;

        public void Report(DatasetProgress value)
        {
            lock (_lock)
            {
                double seconds = clock.Elapsed.TotalSeconds;
                if (seconds - _lastReport < 2 && value.CompletedStacks < value.TotalStacks)
                {
                    return;
                }

                _lastReport = seconds;
                int rendered = value.CompletedStacks - alreadyDone;
                double rate = rendered * value.ImagesPerStack / Math.Max(1e-9, seconds);
                double left = (value.TotalStacks - value.CompletedStacks) * value.ImagesPerStack / Math.Max(1e-9, rate);
                error.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"dataset: {value.CompletedStacks}/{value.TotalStacks} stacks, {rate:F1} images/s, {TimeSpan.FromSeconds(Math.Round(left)):c} left"));
            }
        }
    }
}
