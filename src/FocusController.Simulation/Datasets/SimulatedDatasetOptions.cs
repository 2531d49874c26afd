using FocusController.Imaging;
using FocusController.Simulation.Corpus;

namespace FocusController.Simulation.Datasets;

/// <summary>What `focusctl dataset` renders: <see cref="Stacks"/> fields of view, each from −range to +range.</summary>
public sealed record SimulatedDatasetOptions
{
    /// <summary>Largest |z| the simulator renders, µm: beyond it a 0.65–0.75 NA image is a featureless blur.</summary>
    public const double MaxDefocusUm = 50;

    /// <summary>Most images in one stack.</summary>
    public const int MaxImagesPerStack = 1001;

    public required ObjectiveProfile Objective { get; init; }

    public required int Stacks { get; init; }

    public double RangeUm { get; init; } = 10;

    public double StepUm { get; init; } = 0.5;

    public required IReadOnlyList<string> Kinds { get; init; }

    public long Seed { get; init; } = 1;

    public int Width { get; init; } = 224;

    public int Height { get; init; } = 224;

    /// <summary>Where the kind <see cref="ImageKind"/> takes its images from; required when that kind is asked for.</summary>
    public SpecimenCorpus? Corpus { get; init; }

    /// <summary>The corpus split image stacks draw from: training data from train, model selection from validation.</summary>
    public CorpusSplit Split { get; init; } = CorpusSplit.Train;

    /// <summary>The kind of stacks made from corpus images.</summary>
    public const string ImageKind = "image";

    /// <summary>Images per stack: z = −range, −range + step, …, +range.</summary>
    public int ImagesPerStack => (int)Math.Round(2 * RangeUm / StepUm) + 1;

    /// <summary>The z values of every stack, rounded to 0.01 µm as in the file names.</summary>
    public IReadOnlyList<double> ZValues()
    {
        int count = ImagesPerStack;
        var z = new double[count];
        for (int i = 0; i < count; i++)
        {
            z[i] = Math.Round(-RangeUm + (i * StepUm), 2, MidpointRounding.AwayFromZero) + 0.0;
        }

        return z;
    }
}
