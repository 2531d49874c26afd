using System.Globalization;
using FocusController.Imaging;
using FocusController.Simulation.Datasets;
using FocusController.Simulation.Specimens;

namespace FocusController.Host.Commands;

/// <summary>Checks the arguments `render` and `dataset` share; each failure names the argument and what is allowed.</summary>
internal static class RenderArguments
{
    public static ObjectiveProfile Objective(string name) =>
        ObjectiveProfiles.TryGet(name, out var profile)
            ? profile
            : throw new UsageException($"--objective {name}: unknown objective; known: {ObjectiveProfiles.Names}");

    /// <param name="allowImage">Also accept the corpus-image kind (datasets), beside the procedural ones.</param>
    public static IReadOnlyList<string> Kinds(string list, bool allowImage = false)
    {
        var kinds = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (kinds.Length == 0)
        {
            throw new UsageException($"--kinds '{list}': name at least one of {SpecimenKinds.Names}");
        }

        var result = new List<string>();
        foreach (var kind in kinds)
        {
            if (allowImage && kind.Equals(SimulatedDatasetOptions.ImageKind, StringComparison.OrdinalIgnoreCase))
            {
                if (result.Contains(SimulatedDatasetOptions.ImageKind))
                {
                    throw new UsageException($"--kinds {kind}: listed twice");
                }

                result.Add(SimulatedDatasetOptions.ImageKind);
                continue;
            }

            if (!SpecimenKinds.TryGet(kind, out var generator))
            {
                throw new UsageException($"--kinds {kind}: unknown specimen kind; known: {SpecimenKinds.Names}");
            }

            if (result.Contains(generator.Kind))
            {
                throw new UsageException($"--kinds {kind}: listed twice");
            }

            result.Add(generator.Kind);
        }

        return result;
    }

    public static string Kind(string kind) =>
        SpecimenKinds.TryGet(kind, out var generator)
            ? generator.Kind
            : throw new UsageException($"--kind {kind}: unknown specimen kind; known: {SpecimenKinds.Names}");

    public static int FrameSide(string option, int value) =>
        value is < DatasetCommand.MinFrameSide or > DatasetCommand.MaxFrameSide
            ? throw new UsageException($"{option} {value}: allowed {DatasetCommand.MinFrameSide} to {DatasetCommand.MaxFrameSide} pixels")
            : value;

    public static double Z(double z) =>
        !double.IsFinite(z) || Math.Abs(z) > SimulatedDatasetOptions.MaxDefocusUm
            ? throw new UsageException(Invariant($"--z {z}: allowed -{SimulatedDatasetOptions.MaxDefocusUm} to {SimulatedDatasetOptions.MaxDefocusUm} um"))
            : z;

    public static void CheckRange(double range, double step)
    {
        if (!double.IsFinite(range) || range <= 0 || range > SimulatedDatasetOptions.MaxDefocusUm)
        {
            throw new UsageException(Invariant($"--range {range}: allowed more than 0 up to {SimulatedDatasetOptions.MaxDefocusUm} um"));
        }

        if (!double.IsFinite(step) || step < 0.01 || step > range)
        {
            throw new UsageException(Invariant($"--step {step}: allowed 0.01 um up to the range ({range} um)"));
        }

        double steps = range / step;
        if (Math.Abs(steps - Math.Round(steps)) > 1e-6 || Math.Abs((step * 100) - Math.Round(step * 100)) > 1e-6)
        {
            throw new UsageException(Invariant($"--step {step}: must be a multiple of 0.01 um that divides --range {range} evenly"));
        }

        if ((2 * Math.Round(steps)) + 1 > SimulatedDatasetOptions.MaxImagesPerStack)
        {
            throw new UsageException(Invariant($"--step {step}: gives {(2 * Math.Round(steps)) + 1} images per stack; at most {SimulatedDatasetOptions.MaxImagesPerStack} allowed"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
