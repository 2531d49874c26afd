using System.Collections.Frozen;

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
}
