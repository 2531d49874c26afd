using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// A stained blood smear in the monolayer (<see cref="SpecimenClass.StainedSmear"/>): biconcave red cells (Evans–Fung
/// profile, so a pale centre) packed at 50–80 % cover, a few platelets and now and then a white cell with a purple lobed
/// or round nucleus. Red cells, 2 µm of haemoglobin solution well above the mountant's index, are strong phase objects
/// (≈ 1–2.5 rad) with pink absorption.
/// </summary>
public sealed class BloodSmear : ISpecimenGenerator
{
    public string Kind => "blood";

    public Specimen Generate(SimulationGrid grid, int seed)
    {
        var canvas = new SpecimenCanvas(grid, new Random(seed));
        var matter = SpecimenClass.StainedSmear;
        double indexDifference = matter.IndexDifference.Draw(canvas.Random);
        double stain = matter.StainDensity.Draw(canvas.Random);
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
            double thickness = matter.ThicknessUm.Draw(canvas.Random);
            var blob = new Blob(x, y, radius, radius * canvas.Uniform(0.88, 1.0), canvas.Uniform(0, Math.PI), canvas.Harmonics(2, 0.04));
            canvas.Paint(
                blob,
                Profiles.Biconcave(canvas.Uniform(0.3, 1.2)),
                opticalPathUm: SpecimenClass.OpticalPathUm(thickness, indexDifference * canvas.Uniform(0.9, 1.1)),
                density: Stains.Scale(Stains.RedCell, stain * canvas.Uniform(0.5, 0.9) / Stains.RedCell.G));
        }

        int platelets = canvas.CountFor(0.0015);
        for (int n = 0; n < platelets; n++)
        {
            double r = canvas.Uniform(0.8, 1.5);
            var blob = new Blob(canvas.Uniform(0, canvas.WidthUm), canvas.Uniform(0, canvas.HeightUm), r, r * canvas.Uniform(0.6, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(3, 0.2));
            canvas.Paint(blob, Profiles.Bump, SpecimenClass.OpticalPathUm(canvas.Uniform(1, 2), indexDifference * 0.4), Stains.Scale(Stains.Chromatin, stain * canvas.Uniform(0.4, 0.8)));
        }

        int whiteCells = canvas.CountFor(0.00012);
        for (int n = 0; n < whiteCells; n++)
        {
            PaintWhiteCell(canvas, canvas.Uniform(0, canvas.WidthUm), canvas.Uniform(0, canvas.HeightUm), indexDifference, stain);
        }

        return canvas.ToSpecimen(Kind);
    }

    /// <summary>A white cell: a dome of cytoplasm a few µm thick, less dense than a red cell, round a stained nucleus.</summary>
    internal static void PaintWhiteCell(SpecimenCanvas canvas, double x, double y, double indexDifference, double stain)
    {
        double radius = canvas.Uniform(4.5, 7);
        double thickness = canvas.Uniform(2.5, 4);
        double cytoplasmPath = SpecimenClass.OpticalPathUm(thickness, indexDifference * 0.4);
        canvas.Paint(new Blob(x, y, radius, radius * canvas.Uniform(0.9, 1), 0, canvas.Harmonics(3, 0.05)), Profiles.Dome, cytoplasmPath, Stains.Scale(Stains.Eosin, stain * 0.1));
        var chromatin = BandLimitedNoise.Create(canvas.Grid, canvas.Random, 0.5, 2.0);
        double amount = stain * canvas.Uniform(1.2, 1.8);
        double nucleusPath = SpecimenClass.OpticalPathUm(thickness * 0.7, indexDifference * 0.5);
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
                canvas.Paint(lobe, Profiles.Plateau, nucleusPath, Stains.Scale(Stains.Chromatin, amount), chromatin, 0.25);
            }
        }
        else
        {
            // lymphocyte: one round nucleus filling most of the cell
            double r = radius * canvas.Uniform(0.7, 0.85);
            canvas.Paint(new Blob(x, y, r, r * canvas.Uniform(0.85, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(3, 0.06)), Profiles.Plateau, nucleusPath, Stains.Scale(Stains.Chromatin, amount), chromatin, 0.3);
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
