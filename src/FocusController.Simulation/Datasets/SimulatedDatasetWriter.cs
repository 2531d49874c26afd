using System.Reflection;
using FocusController.Imaging.Stacks;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;

namespace FocusController.Simulation.Datasets;

/// <summary>
/// Renders a simulated dataset into a <see cref="LabelledStackWriter"/>: stacks in parallel (bounded), each stack's
/// specimen spectrum computed once and its images rendered through cached transfer functions. Stacks the writer
/// already lists are skipped, so a rerun resumes.
/// </summary>
public sealed class SimulatedDatasetWriter
{
    private readonly SimulatedDatasetOptions _options;
    private readonly TransferFunctionCache _cache;

    public SimulatedDatasetWriter(SimulatedDatasetOptions options, TransferFunctionCache? cache = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        // every variant's whole z range fits, so no stack recomputes a transfer function another has made
        var grid = SpecimenGrid.ForFrame(OpticalSetup.Nominal(options.Objective), options.Width, options.Height);
        long perVariant = (long)grid.Count * 16 * 3 * options.ImagesPerStack;
        _cache = cache ?? new TransferFunctionCache(Math.Min(perVariant * StackRecipe.CachedOpticsSetups, 1L << 30));
    }

    public StackManifest Manifest => new()
    {
        Source = "simulated",
        Objective = _options.Objective.Name,
        // 3.45/20 is 0.17250000000000001 in binary; the file says 0.1725
        PixelSizeUm = Math.Round(_options.Objective.PixelSizeUm, 9),
        RangeUm = _options.RangeUm,
        StepUm = _options.StepUm,
        Width = _options.Width,
        Height = _options.Height,
        Seed = _options.Seed,
        Kinds = _options.Kinds,
        Generator = "focusctl " + (typeof(SimulatedDatasetWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"),
    };

    /// <summary>Renders every stack not yet complete. Reports after each completed stack.</summary>
    public void Write(LabelledStackWriter writer, int maxDegreeOfParallelism, IProgress<DatasetProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var done = writer.CompletedStacks;
        var pending = Enumerable.Range(0, _options.Stacks).Where(i => !done.Contains(StackPaths.StackId(i))).ToArray();
        int completed = _options.Stacks - pending.Length;
        var zValues = _options.ZValues();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.ForEach(pending, parallel, index =>
        {
            var recipe = StackRecipe.For(_options, index);
            RenderStack(writer, recipe, zValues, cancellationToken);
            int now = Interlocked.Increment(ref completed);
            progress?.Report(new DatasetProgress(now, _options.Stacks, zValues.Count));
        });
    }

    /// <summary>The frames of one stack, in z order, without writing them.</summary>
    public IEnumerable<(double ZUm, Imaging.RgbImage Image)> RenderFrames(StackRecipe recipe, IReadOnlyList<double> zValues)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(zValues);
        var renderer = CreateRenderer(recipe);
        for (int k = 0; k < zValues.Count; k++)
        {
            yield return (zValues[k], renderer.Render(zValues[k], recipe.Sensor, NoiseFor(recipe, k)));
        }
    }

    private void RenderStack(LabelledStackWriter writer, StackRecipe recipe, IReadOnlyList<double> zValues, CancellationToken cancellationToken)
    {
        var renderer = CreateRenderer(recipe);
        var stack = writer.BeginStack(StackPaths.StackId(recipe.Index), recipe.Kind);
        FocalPlanes.Append(writer.Directory, StackPaths.StackId(recipe.Index), renderer.FocalPlaneUm);
        for (int k = 0; k < zValues.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stack.Add(zValues[k], renderer.Render(zValues[k], recipe.Sensor, NoiseFor(recipe, k)));
        }

        stack.Complete();
    }

    private FieldRenderer CreateRenderer(StackRecipe recipe)
    {
        if (recipe.Kind == SimulatedDatasetOptions.ImageKind)
        {
            return new FieldRenderer(new SpecimenRenderer(ImageField(recipe), recipe.Optics, _options.Width, _options.Height, _cache));
        }

        if (!SpecimenKinds.TryGet(recipe.Kind, out var generator))
        {
            throw new ArgumentException($"unknown specimen kind '{recipe.Kind}'; known kinds: {SpecimenKinds.Names}");
        }

        var grid = SpecimenGrid.ForFrame(recipe.Optics, _options.Width, _options.Height);
        var specimen = generator.Generate(grid, recipe.SpecimenSeed);
        return new FieldRenderer(new SpecimenRenderer(specimen, recipe.Optics, _options.Width, _options.Height, _cache));
    }

    /// <summary>A window of a corpus image of the options' split, chosen, placed and given its matter by the stack's specimen seed.</summary>
    private Specimen ImageField(StackRecipe recipe)
    {
        var corpus = _options.Corpus ?? throw new InvalidOperationException("image stacks need the specimen corpus");
        var images = corpus.In(_options.Split);
        if (images.Count == 0)
        {
            throw new InvalidOperationException($"the specimen corpus has no {_options.Split} images");
        }

        var random = new Random(recipe.SpecimenSeed);
        var image = corpus.Read(images[random.Next(images.Count)]);
        int w = Math.Min(image.Width, 2 * _options.Width);
        int h = Math.Min(image.Height, 2 * _options.Height);
        var window = image.Crop(random.Next(image.Width - w + 1), random.Next(image.Height - h + 1), w, h);
        return ImageSpecimen.Create(window, recipe.Optics, _options.Width, _options.Height, _options.RangeUm, ImageMatter.Draw(random));
    }

    // each image's noise depends only on its stack and z index (not HashCode, which is seeded per process)
    private static NoiseSource NoiseFor(StackRecipe recipe, int zIndex) => new(((long)recipe.NoiseSeed << 16) + zIndex);
}

/// <summary>Stacks completed so far out of the total.</summary>
public readonly record struct DatasetProgress(int CompletedStacks, int TotalStacks, int ImagesPerStack);
