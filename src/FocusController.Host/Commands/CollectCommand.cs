using System.CommandLine;
using System.Globalization;
using System.Reflection;
using FocusController.Control;
using FocusController.Host.Collect;
using FocusController.Host.Configuration;
using FocusController.Host.Daemon;
using FocusController.Imaging;
using FocusController.Imaging.Stacks;
using FocusController.Motion;
using FocusController.Simulation.Specimens;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Commands;

/// <summary>
/// `focusctl collect`: acquires labelled defocus stacks at the microscope (or the virtual one) in the format
/// `focusctl dataset` writes and training reads (<see cref="StackCollector"/>). Rerun with the same --out to resume.
/// </summary>
public static class CollectCommand
{
    public const int InterruptedExitCode = 130;
    public const int FailedExitCode = 1;

    /// <summary>Where the "press Enter" answers are read from; the console unless a test replaces it.</summary>
    internal static TextReader Input { get; set; } = Console.In;

    public static Command Create()
    {
        var outOption = new Option<string>("--out") { Description = "Dataset directory (created; or this same collection, to resume)", Required = true };
        var rangeOption = new Option<double>("--range") { Description = "Each stack spans z from -range to +range, um", DefaultValueFactory = _ => 10 };
        var stepOption = new Option<double>("--step") { Description = "z step, um (must divide the range)", DefaultValueFactory = _ => 0.5 };
        var fieldsOption = new Option<int>("--fields") { Description = "Fields of view (one stack each)", DefaultValueFactory = _ => 10 };
        var configOption = new Option<string?>("--config") { Description = $"Config file (default {ConfigFileSource.DefaultPath}; optional with --simulate)" };
        var simulateOption = new Option<bool>("--simulate") { Description = "Collect on the virtual microscope; each field is a new specimen" };
        var specimenOption = new Option<string?>("--specimen") { Description = $"With --simulate: a specimen kind ({SpecimenKinds.Names}) or an in-focus image file; default Simulation:Specimen" };
        var command = new Command("collect", "Acquire labelled defocus stacks at the microscope for fine-tuning (resumable); KEY=VALUE arguments override config keys");
        foreach (var option in new Option[] { outOption, rangeOption, stepOption, fieldsOption, configOption, simulateOption, specimenOption })
        {
            command.Options.Add(option);
        }

        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((ParseResult pr, CancellationToken ct) => ToolAction.RunAsync(pr.InvocationConfiguration.Error, async () =>
        {
            var output = pr.InvocationConfiguration.Output;
            var error = pr.InvocationConfiguration.Error;
            double range = pr.GetValue(rangeOption);
            double step = pr.GetValue(stepOption);
            RenderArguments.CheckRange(range, step);
            int fieldCount = pr.GetValue(fieldsOption);
            if (fieldCount is < 1 or > 100_000)
            {
                throw new UsageException($"--fields {fieldCount}: allowed 1 to 100000");
            }

            bool simulate = pr.GetValue(simulateOption);
            string? specimen = pr.GetValue(specimenOption);
            if (specimen is not null && !simulate)
            {
                throw new UsageException($"--specimen {specimen}: only with --simulate; on a microscope the specimen is what is under the objective");
            }

            string directory = pr.GetValue(outOption)!;
            var overrides = pr.UnmatchedTokens.ToList();
            CalibrateCommand.CheckOverrides(overrides);
            var config = ToolConfiguration.Load(pr.GetValue(configOption), simulate, overrides);
            var motor = config.Motor;
            double lead = StepScale.From(motor).UmPerMicrostep;
            if (step < 2 * lead)
            {
                throw new UsageException(Invariant($"--step {step}: the motor moves {lead} um per microstep; allowed from {2 * lead} um"));
            }

            var focus = config.Focus;
            var model = config.Model;
            var profile = ObjectiveProfiles.Get(model.Objective);
            var options = new CollectOptions { RangeUm = range, StepUm = step, Fields = fieldCount, Settle = TimeSpan.FromMilliseconds(focus.SettleMs) };
            var time = SimulatedTime.For(simulate);

            IFieldSource fields;
            int width, height;
            long? seed = null;
            if (simulate)
            {
                var sim = config.Simulation;
                var (kind, image) = Specimen(specimen ?? sim.SpecimenPath ?? sim.Specimen, sim);
                seed = sim.Seed ?? 1;
                (width, height) = (sim.Width, sim.Height);
                fields = OpenOrUsage(() => new SimulatedFields(motor, sim, profile, kind, image, range + options.ApproachUm, seed.Value, time));
            }
            else
            {
                var source = new HardwareRigSource(ToolConfiguration.Live(motor), ToolConfiguration.Live(config.Camera), ToolConfiguration.Live(model), time, NullLoggerFactory.Instance);
                RigParts parts;
                try
                {
                    parts = await OpenOrUsageAsync(() => source.OpenAsync(ct)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    await error.WriteLineAsync($"focusctl: cannot open the motor or camera ({ex.Message}); if the daemon is running, stop it first: systemctl stop focuscontroller").ConfigureAwait(false);
                    return FailedExitCode;
                }

                fields = new MicroscopeFields(parts, Input, error);
                var frame = await parts.Rig.Camera.GetFrameAsync(time.GetUtcNow(), ct).ConfigureAwait(false);
                (width, height) = (frame.Image.Width, frame.Image.Height);
            }

            await using (fields.ConfigureAwait(false))
            {
                var manifest = new StackManifest
                {
                    Source = simulate ? "simulated" : "microscope",
                    Objective = profile.Name,
                    PixelSizeUm = Math.Round(profile.PixelSizeUm, 9),
                    RangeUm = range,
                    StepUm = step,
                    Width = width,
                    Height = height,
                    Seed = seed,
                    Kinds = [fields.Kind],
                    Generator = "focusctl " + (typeof(CollectCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"),
                };
                switch (LabelledStackWriter.Inspect(directory, manifest))
                {
                    case StackDirectoryState.NotADirectory:
                        throw new UsageException($"--out {directory}: is a file; a directory is needed");
                    case StackDirectoryState.OtherDataset:
                        throw new UsageException($"--out {directory}: holds a collection with other parameters (objective, range, step, frame size, seed or kind); use another directory, or the same arguments to resume");
                    case StackDirectoryState.Occupied:
                        throw new UsageException($"--out {directory}: is not empty and holds no collection; use an empty or new directory");
                }

                using var writer = LabelledStackWriter.Open(directory, manifest, overwrite: false);
                int already = Enumerable.Range(0, fieldCount).Count(i => writer.CompletedStacks.Contains(StackPaths.StackId(i)));
                if (already > 0)
                {
                    await error.WriteLineAsync(Invariant($"resuming: {already} of {fieldCount} fields already written")).ConfigureAwait(false);
                }

                var collector = new StackCollector(fields, writer, profile, focus, options) { Progress = new ProgressBar(error) };
                try
                {
                    await SimulatedTime.RunAsync(time, () => collector.RunAsync(ct), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await error.WriteLineAsync(Invariant($"\ninterrupted: {already + collector.Written} of {fieldCount} fields written; run the same command again to continue")).ConfigureAwait(false);
                    return InterruptedExitCode;
                }
                catch (Exception ex) when (ex is CollectException or TravelLimitException or LimitSwitchException)
                {
                    await error.WriteLineAsync($"\nfocusctl: collection stopped: {ex.Message}").ConfigureAwait(false);
                    return FailedExitCode;
                }

                await error.WriteLineAsync().ConfigureAwait(false);
                foreach (string skipped in collector.Skipped)
                {
                    await error.WriteLineAsync("skipped " + skipped).ConfigureAwait(false);
                }

                int done = already + collector.Written;
                await output.WriteLineAsync(Invariant(
                    $"{(collector.EndedByUser ? "ended" : "done")}: {done} of {fieldCount} fields, {done * options.ImagesPerStack} images in {directory} ({profile.Name}, {Math.Round(profile.PixelSizeUm, 9)} um/pixel, z -{range}..{range} um by {step})")).ConfigureAwait(false);
                return 0;
            }
        }));
        return command;
    }

    /// <summary>A specimen kind, or an image file made into a specimen (kind "image").</summary>
    private static (string Kind, RgbImage? Image) Specimen(string specimen, SimulationOptions sim)
    {
        if (specimen.Equals("random", StringComparison.OrdinalIgnoreCase))
        {
            // one kind per collection, as a slide at the microscope is one kind
            return (SpecimenKinds.All[new Random(sim.Seed ?? 1).Next(SpecimenKinds.All.Count)].Kind, null);
        }

        if (SpecimenKinds.TryGet(specimen, out var generator))
        {
            return (generator.Kind, null);
        }

        if (!File.Exists(specimen))
        {
            throw new UsageException($"--specimen {specimen}: neither a specimen kind ({SpecimenKinds.Names}) nor an image file");
        }

        var image = ImageFile.Read(specimen);
        if (image.Width < sim.Width || image.Height < sim.Height)
        {
            throw new UsageException(Invariant($"--specimen {specimen}: the image is {image.Width}x{image.Height}; the {sim.Width}x{sim.Height} frame (Simulation:Width, Simulation:Height) needs at least that"));
        }

        return ("image", image);
    }

    private static T OpenOrUsage<T>(Func<T> open)
    {
        try
        {
            return open();
        }
        catch (OptionsValidationException ex)
        {
            throw new UsageException("config error: " + string.Join("; ", ex.Failures), ex);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException("--specimen: " + ex.Message, ex);
        }
    }

    private static async Task<T> OpenOrUsageAsync<T>(Func<Task<T>> open)
    {
        try
        {
            return await open().ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            throw new UsageException("config error: " + string.Join("; ", ex.Failures), ex);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One line on stderr, redrawn with a carriage return: fields done, the phase, the stack's progress.</summary>
    private sealed class ProgressBar(TextWriter error) : IProgress<CollectProgress>
    {
        private const int Width = 20;

        public void Report(CollectProgress value)
        {
            int filled = value.ImagesPerStack == 0 ? 0 : Width * value.Image / value.ImagesPerStack;
            // the stack's middle is computed as -range + k*step and may come out as -0, which would print as "-+0.00"
            string z = value.ZUm is { } zUm ? Invariant($" z {(Math.Abs(zUm) < 0.005 ? 0 : zUm):+0.00;-0.00} um") : "";
            error.Write(Invariant($"\rfield {value.Field + 1}/{value.Fields} [{new string('#', filled)}{new string('.', Width - filled)}] {value.Phase,-10}{z}    "));
        }
    }
}
