using FocusController.Imaging;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Sensor;

namespace FocusController.Simulation.Datasets;

/// <summary>
/// Everything random about one simulated stack, drawn from (dataset seed, stack index) alone, so a stack renders the
/// same whichever thread or run renders it, and another seed gives other specimens: the kind (round robin over the
/// requested kinds), the specimen seed, the optics' imperfections and the camera's exposure, gain and noise.
/// </summary>
public sealed record StackRecipe(int Index, string Kind, int SpecimenSeed, int NoiseSeed, OpticalSetup Optics, SensorModel Sensor)
{
    /// <summary>How many stacks' transfer functions the dataset's cache holds: neighbouring stacks rarely share optics.</summary>
    public const int CachedOpticsSetups = 4;

    public static StackRecipe For(SimulatedDatasetOptions options, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        ulong state = Mix(Mix((ulong)options.Seed) ^ (ulong)index);
        var random = new Random((int)(state & 0x7FFFFFFF));
        string kind = options.Kinds[index % options.Kinds.Count];
        int specimenSeed = random.Next();
        int noiseSeed = random.Next();
        var optics = RealOptics(options.Objective, random);

        double level = 120 + (random.NextDouble() * 115);
        var sensor = new SensorModel
        {
            // lamp colour and white balance are never perfect
            BackgroundLevel = new Rgb<double>(level * Jitter(random, 0.06), level * Jitter(random, 0.03), level * Jitter(random, 0.06)),
            GainElectronsPerAdu = 2 + (random.NextDouble() * 20),
            ReadNoiseElectrons = 2 + (random.NextDouble() * 6),
            Vignetting = random.NextDouble() < 0.3 ? random.NextDouble() * 0.15 : 0,
            JpegQuality = random.NextDouble() < 0.25 ? 70 + random.Next(26) : null,
        };
        return new StackRecipe(index, kind, specimenSeed, noiseSeed, optics, sensor);
    }

    /// <summary>
    /// The optics of one real microscope and slide around the objective's nominal ones (docs/specimens.md, "Optics"):
    /// a #1.5 coverslip is 160–190 µm against the 170 µm the objective corrects for (spherical aberration of either
    /// sign); the condenser's aperture diaphragm is set anywhere from half to three quarters of the objective's NA (the usual
    /// advice is about two thirds; more would also need a finer simulation grid at 20x); half of all condensers are a little off centre (up to 0.05 NA); and one achromat's axial colour is not another's (half
    /// to one and a half times the profile's).
    /// </summary>
    public static OpticalSetup RealOptics(ObjectiveProfile objective, Random random)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(random);
        double coverslip = -10 + (25 * random.NextDouble());
        double condenser = objective.NumericalAperture * (0.5 + (0.25 * random.NextDouble()));
        double colour = 0.5 + random.NextDouble();
        double tilt = random.NextDouble() < 0.5 ? 0 : 0.05 * random.NextDouble();
        double direction = 2 * Math.PI * random.NextDouble();
        var axial = objective.AxialColourUm;
        return new OpticalSetup
        {
            Objective = objective with
            {
                CondenserNumericalAperture = Math.Round(condenser, 3),
                AxialColourUm = new Rgb<double>(Math.Round(axial.R * colour, 3), Math.Round(axial.G * colour, 3), Math.Round(axial.B * colour, 3)),
            },
            CoverslipErrorUm = Math.Round(coverslip, 2),
            CondenserTiltX = Math.Round(tilt * Math.Cos(direction), 4),
            CondenserTiltY = Math.Round(tilt * Math.Sin(direction), 4),
        };
    }

    private static double Jitter(Random random, double amount) => 1 + (amount * ((2 * random.NextDouble()) - 1));

    // SplitMix64 finaliser: neighbouring indices and seeds give unrelated streams
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
