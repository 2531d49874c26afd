namespace FocusController.Imaging.FocusMeasures;

/// <summary>The classic measures by name, for configs and command options.</summary>
public static class FocusMeasureSet
{
    public static IReadOnlyList<LuminanceFocusMeasure> All { get; } =
        [new BrennerGradient(), new Tenengrad(), new VarianceOfLaplacian(), new NormalizedVariance()];

    public static string Names => string.Join(", ", All.Select(m => m.Name));

    /// <summary>The measure of that name; the exception lists the names that exist.</summary>
    public static LuminanceFocusMeasure Get(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown focus measure '{name}'; known measures: {Names}", nameof(name));
}
