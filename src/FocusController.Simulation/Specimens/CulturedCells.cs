using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// Unstained adherent cells in medium: flat irregular cells, a thicker nucleus with nucleoli and granules in the
/// cytoplasm. Almost pure phase objects (0.3–2 rad) with a trace of absorption: nearly invisible in focus, they show
/// dark on one side of focus and bright on the other.
/// </summary>
public sealed class CulturedCells : ISpecimenGenerator
{
    public string Kind => "cells";

    public Specimen Generate(SimulationGrid grid, int seed)
    {
        var canvas = new SpecimenCanvas(grid, new Random(seed));
        int cells = canvas.CountFor(canvas.Uniform(0.0015, 0.004), minimum: 1);
        for (int n = 0; n < cells; n++)
        {
            // the first cell near the centre, so even a small frame shows one
            double x = n == 0 ? (canvas.WidthUm / 2) + canvas.Uniform(-3, 3) : canvas.Uniform(0, canvas.WidthUm);
            double y = n == 0 ? (canvas.HeightUm / 2) + canvas.Uniform(-3, 3) : canvas.Uniform(0, canvas.HeightUm);
            PaintCell(canvas, x, y);
        }

        // medium and glass are not perfectly uniform either
        var haze = BandLimitedNoise.Create(grid, canvas.Random, 2, 20);
        canvas.AddEverywhere(haze, 0.003, Stains.Scale(Stains.Neutral, 0.0));
        return canvas.ToSpecimen(Kind);
    }

    internal static void PaintCell(SpecimenCanvas canvas, double x, double y)
    {
        double radius = canvas.Uniform(7, 16);
        double angle = canvas.Uniform(0, Math.PI);
        var body = new Blob(x, y, radius, radius * canvas.Uniform(0.5, 0.95), angle, canvas.Harmonics(4, 0.35));
        double cytoplasm = canvas.Uniform(0.02, 0.05);
        var texture = BandLimitedNoise.Create(canvas.Grid, canvas.Random, 0.5, 3);
        canvas.Paint(body, Profiles.Dome, cytoplasm, Stains.Scale(Stains.Neutral, cytoplasm * 0.15), texture, 0.25);

        double nucleusRadius = canvas.Uniform(3.5, 5.5);
        double nx = x + canvas.Uniform(-0.25, 0.25) * radius;
        double ny = y + canvas.Uniform(-0.2, 0.2) * radius;
        double nucleus = canvas.Uniform(0.03, 0.07);
        canvas.Paint(new Blob(nx, ny, nucleusRadius, nucleusRadius * canvas.Uniform(0.7, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(2, 0.08)), Profiles.Dome, nucleus, Stains.Scale(Stains.Neutral, nucleus * 0.1));
        int nucleoli = canvas.Random.Next(1, 4);
        for (int k = 0; k < nucleoli; k++)
        {
            double r = canvas.Uniform(0.6, 1.2);
            canvas.Paint(new Blob(nx + canvas.Uniform(-0.5, 0.5) * nucleusRadius, ny + canvas.Uniform(-0.5, 0.5) * nucleusRadius, r, r, 0), Profiles.Bump, canvas.Uniform(0.02, 0.04), Stains.Scale(Stains.Neutral, 0.02));
        }

        int granules = canvas.Random.Next(8, 40);
        for (int k = 0; k < granules; k++)
        {
            double a = canvas.Uniform(0, 2 * Math.PI);
            double d = canvas.Uniform(0.35, 0.85) * radius * 0.8;
            double r = canvas.Uniform(0.3, 0.7);
            canvas.Paint(new Blob(x + (d * Math.Cos(a)), y + (d * Math.Sin(a)), r, r, 0), Profiles.Bump, canvas.Uniform(0.01, 0.03), Stains.Scale(Stains.Neutral, 0.03));
        }
    }
}
