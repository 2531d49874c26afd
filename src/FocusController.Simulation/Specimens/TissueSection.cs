using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// An H&amp;E-stained paraffin section, about 4 µm thick: eosin-pink stroma with fibrous texture, empty lumens where
/// there is no tissue, and purple haematoxylin nuclei with granular chromatin. The section's thickness and index
/// variations make a phase texture of a few tenths of a radian.
/// </summary>
public sealed class TissueSection : ISpecimenGenerator
{
    public string Kind => "tissue";

    public Specimen Generate(SimulationGrid grid, int seed)
    {
        var canvas = new SpecimenCanvas(grid, new Random(seed));
        var coarse = BandLimitedNoise.Create(grid, canvas.Random, 4, 30);
        var fibres = BandLimitedNoise.Create(grid, canvas.Random, 0.6, 4);
        double lumenThreshold = canvas.Uniform(-3.0, -0.6);
        double eosin = canvas.Uniform(0.18, 0.4);
        var tissue = new double[grid.Count];
        for (int i = 0; i < tissue.Length; i++)
        {
            // a soft step into the lumens, fibres modulating the stain inside the tissue
            double presence = Profiles.SmoothStep((coarse[i] - lumenThreshold) / 0.5);
            tissue[i] = presence * Math.Max(0, 1 + (0.35 * fibres[i]) + (0.15 * coarse[i]));
        }

        canvas.AddEverywhere(tissue, opticalPathUm: canvas.Uniform(0.05, 0.12), Stains.Scale(Stains.Eosin, eosin));

        var chromatin = BandLimitedNoise.Create(grid, canvas.Random, 0.4, 1.5);
        int nuclei = canvas.CountFor(canvas.Uniform(0.004, 0.01), minimum: 1);
        double haematoxylin = canvas.Uniform(0.3, 0.6);
        for (int n = 0; n < nuclei; n++)
        {
            double x = canvas.Uniform(0, canvas.WidthUm);
            double y = canvas.Uniform(0, canvas.HeightUm);
            int ix = ((int)(x / grid.SpacingUm)) & (grid.Width - 1);
            int iy = ((int)(y / grid.SpacingUm)) & (grid.Height - 1);
            if (tissue[(iy * grid.Width) + ix] < 0.2)
            {
                continue;
            }

            double r = canvas.Uniform(2.2, 4.5);
            var blob = new Blob(x, y, r, r * canvas.Uniform(0.45, 1), canvas.Uniform(0, Math.PI), canvas.Harmonics(3, 0.12));
            canvas.Paint(blob, Profiles.Plateau, canvas.Uniform(0.04, 0.09), Stains.Scale(Stains.Haematoxylin, haematoxylin * canvas.Uniform(0.6, 1.3)), chromatin, 0.35);
        }

        return canvas.ToSpecimen(Kind);
    }
}
