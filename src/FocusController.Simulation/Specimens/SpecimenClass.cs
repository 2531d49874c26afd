namespace FocusController.Simulation.Specimens;

/// <summary>
/// What a class of specimen is made of, as physical quantities drawn per specimen: how thick its matter is, how far
/// its refractive index is from the medium it is mounted in, and how much stain it holds (decadic optical density,
/// Beer–Lambert). Its phase follows as φ_c = 2π·Δn·t/λ_c, its absorption as μ_c = −½·ln10·OD_c. Ranges and their
/// sources: docs/specimens.md.
/// </summary>
public sealed record SpecimenClass(string Name, ValueRange ThicknessUm, ValueRange IndexDifference, ValueRange StainDensity)
{
    /// <summary>A stained section (H&amp;E, 3–5 µm) mounted in resin under a coverslip: clearing matches the indices, the stain dominates.</summary>
    public static SpecimenClass MountedSection { get; } = new("mounted-section", new(3, 5), new(0.005, 0.02), new(0.1, 1.0));

    /// <summary>A Romanowsky-stained blood smear under a coverslip: red cells of haemoglobin far denser than the mountant, strong phase.</summary>
    public static SpecimenClass StainedSmear { get; } = new("smear", new(1.8, 2.6), new(0.04, 0.09), new(0.1, 0.6));

    /// <summary>Live cultured cells in medium: barely absorbing, with the phase of 1–6 µm of cytoplasm and nucleus a few hundredths above water.</summary>
    public static SpecimenClass LiveCells { get; } = new("live-cells", new(1, 6), new(0.015, 0.04), new(0, 0.015));

    public static IReadOnlyList<SpecimenClass> All { get; } = [MountedSection, StainedSmear, LiveCells];

    /// <summary>Optical path difference of <paramref name="thicknessUm"/> of this matter, µm.</summary>
    public static double OpticalPathUm(double thicknessUm, double indexDifference) => thicknessUm * indexDifference;
}

/// <summary>A closed range a quantity is drawn from, uniformly.</summary>
public readonly record struct ValueRange(double Low, double High)
{
    public double Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Low + ((High - Low) * random.NextDouble());
    }

    public bool Contains(double value) => value >= Low && value <= High;
}
