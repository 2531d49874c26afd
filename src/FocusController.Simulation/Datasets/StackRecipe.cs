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
    /// <summary>Distinct optical setups per objective; few enough that their transfer functions stay cached.</summary>
    public const int OpticsVariants = 4;

    public static StackRecipe For(SimulatedDatasetOptions options, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        ulong state = Mix(Mix((ulong)options.Seed) ^ (ulong)index);
        var random = new Random((int)(state & 0x7FFFFFFF));
        string kind = options.Kinds[index % options.Kinds.Count];
        int specimenSeed = random.Next();
        int noiseSeed = random.Next();
        var optics = Variant(options.Objective, random.Next(OpticsVariants));

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
    /// The optics variants: an exact coverslip and centred condenser, slips 8 µm too thick and too thin (spherical
    /// aberration of either sign) and a slightly decentred condenser.
    /// </summary>
    public static OpticalSetup Variant(ObjectiveProfile objective, int variant) => variant switch
    {
        0 => OpticalSetup.Nominal(objective),
        1 => new OpticalSetup { Objective = objective, CoverslipErrorUm = 8 },
        2 => new OpticalSetup { Objective = objective, CoverslipErrorUm = -8, CondenserTiltY = 0.03 },
        _ => new OpticalSetup { Objective = objective, CoverslipErrorUm = 4, CondenserTiltX = 0.04 },
    };

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
