using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// A stained blood smear in the monolayer: biconcave red cells (Evans–Fung profile, so a pale centre) packed at
/// 50–80 % cover, a few platelets and now and then a white cell with a purple lobed or round nucleus.
/// Red cells are strong phase objects (≈ 1–2 rad) with pink absorption.
/// </summary>
public sealed class BloodSmear : ISpecimenGenerator
{
    public string Kind => "blood";

    public Specimen Generate(SimulationGrid grid, int seed)
    {
        var canvas = new SpecimenCanvas(grid, new Random(seed));
        var centres = new List<(double X, double Y, double R)>();

        int redCells = canvas.CountFor(canvas.Uniform(0.009, 0.016), minimum: 2);
        for (int n = 0; n < redCells; n++)
        {
            double radius = canvas.Uniform(3.3, 4.1);
            // avoid piling cells: a few tries for a spot that overlaps little
            double x = 0, y = 0;
            for (int attempt = 0; attempt < 12; attempt++)
            {
                x = canvas.Uniform(0, canvas.WidthUm);
                y = canvas.Uniform(0, canvas.HeightUm);
                if (!Crowded(canvas, centres, x, y, radius))
                {
                    break;
                }
            }

            centres.Add((x, y, radius));
            double thickness = canvas.Uniform(2.0, 2.8);
            var blob = new Blob(x, y, radius, radius * canvas.Uniform(0.88, 1.0), canvas.Uniform(0, Math.PI), canvas.Harmonics(2, 0.04));
            canvas.Paint(
                blob,
                Profiles.Biconcave(canvas.Uniform(0.3, 1.2)),
                opticalPathUm: thickness * canvas.Uniform(0.04, 0.065),
                density: Stains.Scale(Stains.RedCell, thickness * canvas.Uniform(0.10, 0.17)));
        }

        int platelets = canvas.CountFor(0.0015);
        for (int n = 0; n < platelets; n++)
        {
            double r = canvas.Uniform(0.8, 1.5);
            var blob = new Blob(canvas.Uniform(0, canvas.WidthUm), canvas.Uniform(0, canvas.HeightUm), r, r * canvas.Uniform(0.6, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(3, 0.2));
            canvas.Paint(blob, Profiles.Bump, 0.04, Stains.Scale(Stains.Chromatin, canvas.Uniform(0.2, 0.45)));
        }

        int whiteCells = canvas.CountFor(0.00012);
        for (int n = 0; n < whiteCells; n++)
        {
            PaintWhiteCell(canvas, canvas.Uniform(0, canvas.WidthUm), canvas.Uniform(0, canvas.HeightUm));
        }

        return canvas.ToSpecimen(Kind);
    }

    internal static void PaintWhiteCell(SpecimenCanvas canvas, double x, double y)
    {
        double radius = canvas.Uniform(4.5, 7);
        canvas.Paint(new Blob(x, y, radius, radius * canvas.Uniform(0.9, 1), 0, canvas.Harmonics(3, 0.05)), Profiles.Dome, 0.12, Stains.Scale(Stains.Eosin, 0.06));
        var chromatin = BandLimitedNoise.Create(canvas.Grid, canvas.Random, 0.5, 2.0);
        double amount = canvas.Uniform(0.5, 0.9);
        if (canvas.Random.NextDouble() < 0.6)
        {
            // neutrophil: three to five lobes on a ring
            int lobes = canvas.Random.Next(3, 6);
            double ring = radius * 0.45;
            double start = canvas.Uniform(0, 2 * Math.PI);
            for (int k = 0; k < lobes; k++)
            {
                double angle = start + (k * 2 * Math.PI / lobes) + canvas.Uniform(-0.3, 0.3);
                double r = radius * canvas.Uniform(0.25, 0.33);
                var lobe = new Blob(x + (ring * Math.Cos(angle)), y + (ring * Math.Sin(angle)), r, r * canvas.Uniform(0.6, 0.9), angle, canvas.Harmonics(2, 0.1));
                canvas.Paint(lobe, Profiles.Plateau, 0.08, Stains.Scale(Stains.Chromatin, amount), chromatin, 0.25);
            }
        }
        else
        {
            // lymphocyte: one round nucleus filling most of the cell
            double r = radius * canvas.Uniform(0.7, 0.85);
            canvas.Paint(new Blob(x, y, r, r * canvas.Uniform(0.85, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(3, 0.06)), Profiles.Plateau, 0.1, Stains.Scale(Stains.Chromatin, amount), chromatin, 0.3);
        }
    }

    private static bool Crowded(SpecimenCanvas canvas, List<(double X, double Y, double R)> centres, double x, double y, double radius)
    {
        foreach (var c in centres)
        {
            double dx = Math.Abs(c.X - x);
            double dy = Math.Abs(c.Y - y);
            dx = Math.Min(dx, canvas.WidthUm - dx);
            dy = Math.Min(dy, canvas.HeightUm - dy);
            if ((dx * dx) + (dy * dy) < 0.8 * (c.R + radius) * 0.8 * (c.R + radius))
            {
                return true;
            }
        }

        return false;
    }
}
