using System.CommandLine;
using System.Globalization;
using FocusController.Imaging;
using FocusController.Imaging.Tiling;
using FocusController.Inference;

namespace FocusController.Host.Commands;

/// <summary>
/// `focusctl predict FRAME...`: the defocus of image files, one line (or one JSON object) per file.
/// Default model: models/ldse-net-&lt;objective&gt;.&lt;precision&gt;.onnx, searched as <see cref="ModelFiles"/> says.
/// With several frames, --annotate OUT.png writes OUT-&lt;frame name&gt;.png per frame (adding -&lt;position&gt; when two
/// frames share a name). A frame that cannot be read or is smaller than a patch is reported on stderr and the
/// others are still estimated; the exit code is then 2.
/// </summary>
public static class PredictCommand
{
    public const string DefaultObjective = "20x-0.75";

    public static Command Create()
    {
        var frames = new Argument<string[]>("FRAME") { Description = "image files (PNG, JPEG, TIFF, BMP, WebP)", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string?>("--model") { Description = "model file; default models/ldse-net-<objective>.<precision>.onnx next to focusctl, in the repository or under the current directory" };
        var objective = new Option<string>("--objective") { Description = "objective profile whose model to use", DefaultValueFactory = _ => DefaultObjective };
        var precision = new Option<string>("--precision") { Description = "int8 (default, faster) or fp32", DefaultValueFactory = _ => "int8" };
        var json = new Option<bool>("--json") { Description = "one JSON object per frame, one per line" };
        var annotate = new Option<string?>("--annotate") { Description = "write the frame with the patch grid and estimates to this PNG (several frames: OUT-<frame name>.png)" };
        var command = new Command("predict", "Estimate the defocus of image files with the LDSE-NET model (patch grid, median of patches with content)");
        command.Arguments.Add(frames);
        command.Options.Add(model);
        command.Options.Add(objective);
        command.Options.Add(precision);
        command.Options.Add(json);
        command.Options.Add(annotate);
        command.SetAction((ParseResult pr, CancellationToken ct) =>
        {
            var output = pr.InvocationConfiguration.Output;
            var error = pr.InvocationConfiguration.Error;
            return ToolAction.RunAsync(error, () => RunAsync(
                new PredictRequest(
                    pr.GetValue(frames) ?? [],
                    pr.GetValue(model),
                    pr.GetValue(objective) ?? DefaultObjective,
                    ParsePrecision(pr.GetValue(precision)),
                    pr.GetValue(json),
                    pr.GetValue(annotate)),
                output,
                error,
                ct));
        });
        return command;
    }

    private static async Task<int> RunAsync(PredictRequest request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        string modelPath = ResolveModel(request);
        if (request.AnnotatePath is { } annotate && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(annotate))))
        {
            throw new UsageException($"--annotate {annotate}: the directory does not exist");
        }

        PatchDefocusEstimator estimator;
        try
        {
            estimator = PatchDefocusEstimator.Open(new LdseModelOptions { ModelPath = modelPath });
        }
        catch (InvalidModelException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        using (estimator)
        {
            var annotations = AnnotationPaths(request.AnnotatePath, request.Frames);
            int exit = 0;
            for (int i = 0; i < request.Frames.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                string file = request.Frames[i];
                try
                {
                    var frame = ImageFile.Read(file);
                    var estimate = estimator.Estimate(frame);
                    string line = request.Json
                        ? PredictionJson.Format(file, Path.GetFileName(modelPath), estimate)
                        : FormatText(file, estimate);
                    await output.WriteLineAsync(line.AsMemory(), ct).ConfigureAwait(false);
                    if (annotations is not null)
                    {
                        EstimateAnnotation.WritePng(frame, estimate, estimator.Options.Grid.PatchSize, annotations[i]);
                    }
                }
                catch (Exception ex) when (ex is InvalidImageException or FrameTooSmallException or IOException or UnauthorizedAccessException)
                {
                    string message = ex is InvalidImageException ? ex.Message : $"{file}: {ex.Message}";
                    await error.WriteLineAsync($"focusctl: {message}".AsMemory(), ct).ConfigureAwait(false);
                    exit = ToolAction.UsageExitCode;
                }
            }

            return exit;
        }
    }

    private static ModelPrecision ParsePrecision(string? value) => value?.ToUpperInvariant() switch
    {
        "INT8" => ModelPrecision.Int8,
        "FP32" => ModelPrecision.Fp32,
        _ => throw new UsageException($"--precision {value}: allowed values are int8 and fp32"),
    };

    private static string ResolveModel(PredictRequest request)
    {
        if (request.ModelPath is { } explicitPath)
        {
            return explicitPath;
        }

        string objective = request.Objective;
        if (objective.Length == 0 || objective.IndexOfAny([.. Path.GetInvalidFileNameChars(), '/', '\\']) >= 0)
        {
            throw new UsageException($"--objective '{objective}': a profile name such as {ObjectiveProfiles.Names} is expected");
        }

        string name = ModelFiles.FileName(objective, request.Precision);
        return ModelFiles.Find(name, out var searched)
            ?? throw new UsageException(
                $"model {name} not found (looked in {searched[0]}, the models/ folders above it and under the current directory); pass --model PATH");
    }

    /// <summary>One frame: OUT itself. Several: OUT-&lt;frame name&gt;.png, plus -&lt;position&gt; where two frames share a name.</summary>
    internal static string[]? AnnotationPaths(string? annotate, IReadOnlyList<string> frames)
    {
        if (annotate is null)
        {
            return null;
        }

        if (frames.Count == 1)
        {
            return [annotate];
        }

        string directory = Path.GetDirectoryName(annotate) ?? string.Empty;
        string stem = Path.GetFileNameWithoutExtension(annotate);
        var names = frames.Select(f => Path.GetFileNameWithoutExtension(f)).ToArray();
        var shared = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return [.. names.Select((n, i) => Path.Combine(
            directory,
            shared.Contains(n)
                ? string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}-{i + 1}.png")
                : $"{stem}-{n}.png"))];
    }

    private static string FormatText(string file, DefocusEstimate estimate)
    {
        int used = estimate.Patches.Count(p => p.Used);
        return estimate.HasValue
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{file}: defocus {estimate.DefocusUm:+0.00;-0.00} um, confidence {estimate.Confidence:0.00}, {used}/{estimate.Patches.Count} patches, {estimate.Elapsed.TotalMilliseconds:0.0} ms")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{file}: no content ({estimate.Patches.Count(p => p.RejectedBecause is not null && !p.RejectedBecause.StartsWith("too few", StringComparison.Ordinal))}/{estimate.Patches.Count} patches blank, clipped or dark), {estimate.Elapsed.TotalMilliseconds:0.0} ms");
    }

    private sealed record PredictRequest(
        IReadOnlyList<string> Frames,
        string? ModelPath,
        string Objective,
        ModelPrecision Precision,
        bool Json,
        string? AnnotatePath);
}
