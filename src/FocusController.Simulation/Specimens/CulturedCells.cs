using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// Unstained adherent cells in medium (<see cref="SpecimenClass.LiveCells"/>): flat irregular cells, a thicker nucleus
/// with nucleoli and granules in the cytoplasm. Almost pure phase objects (a few tenths to about 2.5 rad) with a trace
/// of absorption: nearly invisible in focus, they show dark on one side of focus and bright on the other.
/// </summary>
public sealed class CulturedCells : ISpecimenGenerator
{
    public string Kind => "cells";

    public Specimen Generate(SimulationGrid grid, int seed)
    {
        var canvas = new SpecimenCanvas(grid, new Random(seed));
        var matter = SpecimenClass.LiveCells;
        double indexDifference = matter.IndexDifference.Draw(canvas.Random);
        double stain = matter.StainDensity.Draw(canvas.Random);
        int cells = canvas.CountFor(canvas.Uniform(0.0015, 0.004), minimum: 1);
        for (int n = 0; n < cells; n++)
        {
            // the first cell near the centre, so even a small frame shows one
            double x = n == 0 ? (canvas.WidthUm / 2) + canvas.Uniform(-3, 3) : canvas.Uniform(0, canvas.WidthUm);
            double y = n == 0 ? (canvas.HeightUm / 2) + canvas.Uniform(-3, 3) : canvas.Uniform(0, canvas.HeightUm);
            PaintCell(canvas, x, y, indexDifference, stain);
        }

        // medium and glass are not perfectly uniform either
        var haze = BandLimitedNoise.Create(grid, canvas.Random, 2, 20);
        canvas.AddEverywhere(haze, 0.003, Stains.Scale(Stains.Neutral, 0.0));
        return canvas.ToSpecimen(Kind);
    }

    /// <summary>
    /// One adherent cell: a dome of cytoplasm 1–2.5 µm high, a nucleus that brings it to 3–6 µm, all
    /// <paramref name="indexDifference"/> above the medium; <paramref name="stain"/> is its faint absorption (OD).
    /// </summary>
    internal static void PaintCell(SpecimenCanvas canvas, double x, double y, double indexDifference, double stain)
    {
        var matter = SpecimenClass.LiveCells;
        double radius = canvas.Uniform(7, 16);
        double angle = canvas.Uniform(0, Math.PI);
        var body = new Blob(x, y, radius, radius * canvas.Uniform(0.5, 0.95), angle, canvas.Harmonics(4, 0.35));
        double cytoplasmHeight = canvas.Uniform(matter.ThicknessUm.Low, 2.5);
        double cytoplasm = SpecimenClass.OpticalPathUm(cytoplasmHeight, indexDifference);
        var texture = BandLimitedNoise.Create(canvas.Grid, canvas.Random, 0.5, 3);
        canvas.Paint(body, Profiles.Dome, cytoplasm, Stains.Scale(Stains.Neutral, stain), texture, 0.25);

        double nucleusRadius = canvas.Uniform(3.5, 5.5);
        double nx = x + canvas.Uniform(-0.25, 0.25) * radius;
        double ny = y + canvas.Uniform(-0.2, 0.2) * radius;
        double nucleusHeight = Math.Max(0, canvas.Uniform(3, matter.ThicknessUm.High) - cytoplasmHeight);
        double nucleus = SpecimenClass.OpticalPathUm(nucleusHeight, indexDifference);
        canvas.Paint(new Blob(nx, ny, nucleusRadius, nucleusRadius * canvas.Uniform(0.7, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(2, 0.08)), Profiles.Dome, nucleus, Stains.Scale(Stains.Neutral, stain * 0.5));
        int nucleoli = canvas.Random.Next(1, 4);
        for (int k = 0; k < nucleoli; k++)
        {
            double r = canvas.Uniform(0.6, 1.2);
            canvas.Paint(new Blob(nx + canvas.Uniform(-0.5, 0.5) * nucleusRadius, ny + canvas.Uniform(-0.5, 0.5) * nucleusRadius, r, r, 0), Profiles.Bump, SpecimenClass.OpticalPathUm(canvas.Uniform(0.5, 1), indexDifference * 1.5), Stains.Scale(Stains.Neutral, stain));
        }

        int granules = canvas.Random.Next(8, 40);
        for (int k = 0; k < granules; k++)
        {
            double a = canvas.Uniform(0, 2 * Math.PI);
            double d = canvas.Uniform(0.35, 0.85) * radius * 0.8;
            double r = canvas.Uniform(0.3, 0.7);
            canvas.Paint(new Blob(x + (d * Math.Cos(a)), y + (d * Math.Sin(a)), r, r, 0), Profiles.Bump, SpecimenClass.OpticalPathUm(canvas.Uniform(0.3, 0.7), indexDifference * 2), Stains.Scale(Stains.Neutral, stain * 2));
        }
    }
}
