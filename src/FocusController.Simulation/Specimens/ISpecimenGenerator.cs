using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>A seeded procedural specimen of one kind. The same grid and seed give the same specimen, bit for bit.</summary>
public interface ISpecimenGenerator
{
    /// <summary>The kind's name in labels.csv: blood, tissue, cells, sparse.</summary>
    string Kind { get; }

    /// <summary>A specimen filling the periodic grid; the frame is cut from its centre.</summary>
    Specimen Generate(SimulationGrid grid, int seed);
}

/// <summary>Colours of stains as decadic optical density per unit amount (R, G, B), after Ruifrok &amp; Johnston.</summary>
internal static class Stains
{
    public static readonly FocusController.Imaging.Rgb<double> Haematoxylin = new(0.650, 0.704, 0.286);
    public static readonly FocusController.Imaging.Rgb<double> Eosin = new(0.093, 0.954, 0.283);

    /// <summary>Haemoglobin with a Romanowsky counterstain: red cells look salmon pink.</summary>
    public static readonly FocusController.Imaging.Rgb<double> RedCell = new(0.04, 0.42, 0.30);

    /// <summary>Romanowsky-stained chromatin: purple.</summary>
    public static readonly FocusController.Imaging.Rgb<double> Chromatin = new(0.55, 0.75, 0.20);

    public static readonly FocusController.Imaging.Rgb<double> Neutral = new(1, 1, 1);

    public static FocusController.Imaging.Rgb<double> Scale(FocusController.Imaging.Rgb<double> stain, double amount) =>
        new(stain.R * amount, stain.G * amount, stain.B * amount);
}
