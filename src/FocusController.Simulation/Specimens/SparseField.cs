using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// A mostly empty field, as at the edge of a smear or between cells: one or two cells, debris and a few dark dust
/// particles on clean glass. The frame always holds at least one object near its centre, so focus is defined.
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
                    CulturedCells.PaintCell(canvas, x, y);
                    break;
                case 1:
                    BloodSmear.PaintWhiteCell(canvas, x, y);
                    break;
                default:
                    double r = canvas.Uniform(3.4, 4);
                    canvas.Paint(new Blob(x, y, r, r, 0), Profiles.Biconcave(0.8), 2.4 * 0.05, Stains.Scale(Stains.RedCell, 2.4 * 0.14));
                    break;
            }
        }

        int debris = canvas.CountFor(0.004, minimum: 2);
        for (int n = 0; n < debris; n++)
        {
            double r = canvas.Uniform(0.4, 2.5);
            var blob = new Blob(canvas.Uniform(0, canvas.WidthUm), canvas.Uniform(0, canvas.HeightUm), r, r * canvas.Uniform(0.4, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(4, 0.4));
            double amount = canvas.Uniform(0.05, 0.5);
            canvas.Paint(blob, Profiles.Plateau, canvas.Uniform(0.03, 0.15), new(amount * 0.9, amount, amount * 1.1));
        }

        int dust = canvas.CountFor(0.0008);
        for (int n = 0; n < dust; n++)
        {
            double r = canvas.Uniform(0.3, 1.2);
            var blob = new Blob(canvas.Uniform(0, canvas.WidthUm), canvas.Uniform(0, canvas.HeightUm), r, r * canvas.Uniform(0.5, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(3, 0.3));
            canvas.Paint(blob, Profiles.Plateau, 0.1, Stains.Scale(Stains.Neutral, canvas.Uniform(0.8, 1.6)));
        }

        return canvas.ToSpecimen(Kind);
    }
}
