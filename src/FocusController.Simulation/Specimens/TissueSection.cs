using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Specimens;

/// <summary>
/// An H&amp;E-stained section (<see cref="SpecimenClass.MountedSection"/>): eosin-pink stroma with fibrous texture, lumens
/// where there is only mountant, and purple haematoxylin nuclei with granular chromatin. The section's thickness and its
/// small index difference against the resin set its phase (a few tenths of a radian); the stain sets its look.
/// </summary>
public sealed class TissueSection : ISpecimenGenerator
{
    public string Kind => "tissue";

    public Specimen Generate(SimulationGrid grid, int seed)
    {
        var canvas = new SpecimenCanvas(grid, new Random(seed));
        var matter = SpecimenClass.MountedSection;
        double thickness = matter.ThicknessUm.Draw(canvas.Random);
        double indexDifference = matter.IndexDifference.Draw(canvas.Random);
        double stain = matter.StainDensity.Draw(canvas.Random);
        var coarse = BandLimitedNoise.Create(grid, canvas.Random, 4, 30);
        var fibres = BandLimitedNoise.Create(grid, canvas.Random, 0.6, 4);
        double lumenThreshold = canvas.Uniform(-3.0, -0.6);
        // eosin is the lighter of the two stains; the OD vectors peak near 1, so the amount is the peak channel's OD
        double eosin = stain * canvas.Uniform(0.5, 0.9);
        var tissue = new double[grid.Count];
        for (int i = 0; i < tissue.Length; i++)
        {
            // a soft step into the lumens, fibres modulating the stain inside the tissue
            double presence = Profiles.SmoothStep((coarse[i] - lumenThreshold) / 0.5);
            tissue[i] = presence * Math.Max(0, 1 + (0.35 * fibres[i]) + (0.15 * coarse[i]));
        }

        canvas.AddEverywhere(tissue, SpecimenClass.OpticalPathUm(thickness, indexDifference), Stains.Scale(Stains.Eosin, eosin));

        var chromatin = BandLimitedNoise.Create(grid, canvas.Random, 0.4, 1.5);
        int nuclei = canvas.CountFor(canvas.Uniform(0.004, 0.01), minimum: 1);
        double haematoxylin = stain / Stains.Haematoxylin.G;
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
            // chromatin is denser than stroma: its index stands up to as far again above the resin
            double nucleusPath = SpecimenClass.OpticalPathUm(thickness, indexDifference * canvas.Uniform(0.3, 1.0));
            canvas.Paint(blob, Profiles.Plateau, nucleusPath, Stains.Scale(Stains.Haematoxylin, haematoxylin * canvas.Uniform(0.6, 1.3)), chromatin, 0.35);
        }

        return canvas.ToSpecimen(Kind);
    }
}
