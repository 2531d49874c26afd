using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// A mostly empty field, as at the edge of a smear or between cells: one or two cells (live, white or red, each of its
/// class's matter), debris and a few dark dust particles on clean glass. The frame always holds at least one object near
/// its centre, so focus is defined.
/// </summary>
public sealed class SparseField : ISpecimenGenerator
{
    public string Kind => "sparse";

    public Specimen Generate(SimulationGrid grid, int seed)
    {
        var canvas = new SpecimenCanvas(grid, new Random(seed));
        int objects = canvas.Random.Next(1, 3);
        for (int n = 0; n < objects; n++)
        {
            double x = n == 0 ? (canvas.WidthUm / 2) + canvas.Uniform(-4, 4) : canvas.Uniform(0, canvas.WidthUm);
            double y = n == 0 ? (canvas.HeightUm / 2) + canvas.Uniform(-4, 4) : canvas.Uniform(0, canvas.HeightUm);
            switch (canvas.Random.Next(3))
            {
                case 0:
                    var live = SpecimenClass.LiveCells;
                    CulturedCells.PaintCell(canvas, x, y, live.IndexDifference.Draw(canvas.Random), live.StainDensity.Draw(canvas.Random));
                    break;
                case 1:
                    var smear = SpecimenClass.StainedSmear;
                    BloodSmear.PaintWhiteCell(canvas, x, y, smear.IndexDifference.Draw(canvas.Random), smear.StainDensity.Draw(canvas.Random));
                    break;
                default:
                    var red = SpecimenClass.StainedSmear;
                    double r = canvas.Uniform(3.4, 4);
                    double path = SpecimenClass.OpticalPathUm(red.ThicknessUm.Draw(canvas.Random), red.IndexDifference.Draw(canvas.Random));
                    canvas.Paint(new Blob(x, y, r, r, 0), Profiles.Biconcave(0.8), path, Stains.Scale(Stains.RedCell, red.StainDensity.Draw(canvas.Random) / Stains.RedCell.G));
                    break;
            }
        }

        int debris = canvas.CountFor(0.004, minimum: 2);
        for (int n = 0; n < debris; n++)
        {
            double r = canvas.Uniform(0.4, 2.5);
            var blob = new Blob(canvas.Uniform(0, canvas.WidthUm), canvas.Uniform(0, canvas.HeightUm), r, r * canvas.Uniform(0.4, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(4, 0.4));
            // fragments of fixed matter: a mounted section's index difference over a few µm, brownish
            var debrisMatter = SpecimenClass.MountedSection;
            double amount = canvas.Uniform(0.05, 0.5);
            double debrisPath = SpecimenClass.OpticalPathUm(canvas.Uniform(1, 5), debrisMatter.IndexDifference.Draw(canvas.Random) * 2);
            canvas.Paint(blob, Profiles.Plateau, debrisPath, new(amount * 0.9, amount, amount * 1.1));
        }

        int dust = canvas.CountFor(0.0008);
        for (int n = 0; n < dust; n++)
        {
            double r = canvas.Uniform(0.3, 1.2);
            var blob = new Blob(canvas.Uniform(0, canvas.WidthUm), canvas.Uniform(0, canvas.HeightUm), r, r * canvas.Uniform(0.5, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(3, 0.3));
            // dust is opaque: absorption dominates whatever its phase
            canvas.Paint(blob, Profiles.Plateau, SpecimenClass.OpticalPathUm(canvas.Uniform(0.5, 1.5), 0.05), Stains.Scale(Stains.Neutral, canvas.Uniform(0.8, 1.6)));
        }

        return canvas.ToSpecimen(Kind);
    }
}
