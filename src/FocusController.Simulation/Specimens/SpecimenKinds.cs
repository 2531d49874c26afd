using System.Collections.Frozen;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;

namespace FocusController.Simulation.Specimens;

/// <summary>The procedural specimen kinds by name.</summary>
public static class SpecimenKinds
{
    public static IReadOnlyList<ISpecimenGenerator> All { get; } = [new BloodSmear(), new TissueSection(), new CulturedCells(), new SparseField()];

    private static readonly FrozenDictionary<string, ISpecimenGenerator> ByName =
        All.ToFrozenDictionary(g => g.Kind, StringComparer.OrdinalIgnoreCase);

    public static string Names => string.Join(", ", All.Select(g => g.Kind));

    public static bool TryGet(string kind, out ISpecimenGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return ByName.TryGetValue(kind, out generator!);
    }

    /// <summary>A procedural specimen of <paramref name="kind"/> on the grid a frame of this size renders from.</summary>
    /// <exception cref="ArgumentException">The kind is not one of <see cref="Names"/>.</exception>
    public static Specimen ForFrame(string kind, OpticalSetup optics, int frameWidth, int frameHeight, int seed)
    {
        if (!TryGet(kind, out var generator))
        {
            throw new ArgumentException($"unknown specimen kind '{kind}'; known kinds: {Names}", nameof(kind));
        }

        return generator.Generate(SpecimenGrid.ForFrame(optics, frameWidth, frameHeight), seed);
    }
}
