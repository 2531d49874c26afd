using FocusController.Imaging;
using FocusController.Simulation.Datasets;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;
using Xunit.Abstractions;

namespace FocusController.Simulation.Tests;

/// <summary>Every objective and specimen kind: focus is where it should be, and above differs from below.</summary>
public class SpecimenKindTests(ITestOutputHelper output)
{
    private const int Frame = 128;
    private static readonly TransferFunctionCache Cache = new();

    public static TheoryData<string, string> ProfilesAndKinds()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in ObjectiveProfiles.All)
        {
            foreach (var kind in SpecimenKinds.All)
            {
                data.Add(profile.Name, kind.Kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProfilesAndKinds))]
    public void Focus_measure_peaks_at_focus_and_falls_monotonically_to_10_um(string profileName, string kind)
    {
        var renderer = Renderer(profileName, kind, seed: 11);
        var z = Enumerable.Range(-10, 21).Select(i => (double)i).ToArray();
        var score = z.Select(v => Brenner(renderer.Render(v, SensorModel.Noiseless, new NoiseSource(0)))).ToArray();
        output.WriteLine(string.Join(" ", score.Select((s, i) => $"{z[i]}:{s:F1}")));

        // Peak within one step (1 µm, inside the depth of field) of focus. Phase objects (unstained cells, red cells)
        // are nearly invisible exactly in focus and sharpest in contrast a micrometre to either side, so the test asks
        // the score to fall outward from ±1 µm; far from focus Fresnel fringes of phase objects leave ripples, which
        // may not exceed 5 % of the peak.
        int peak = Array.IndexOf(score, score.Max());
        Assert.InRange(z[peak], -1, 1);
        double ripple = 0.05 * score[peak];
        int minusOne = Array.IndexOf(z, -1.0);
        int plusOne = Array.IndexOf(z, 1.0);
        for (int i = minusOne; i > 0; i--)
        {
            Assert.True(score[i - 1] <= score[i] + ripple, $"not falling between z {z[i]} and {z[i - 1]}");
        }

        for (int i = plusOne; i < z.Length - 1; i++)
        {
            Assert.True(score[i + 1] <= score[i] + ripple, $"not falling between z {z[i]} and {z[i + 1]}");
        }

        Assert.True(score[0] < 0.2 * score[peak] && score[^1] < 0.2 * score[peak], "10 um from focus is still sharp");
    }

    [Theory]
    [MemberData(nameof(ProfilesAndKinds))]
    public void Frames_above_and_below_focus_differ(string profileName, string kind)
    {
        var renderer = Renderer(profileName, kind, seed: 12);
        var focus = renderer.Intensity(0);
        foreach (double z in new[] { 1.0, 2, 5 })
        {
            double ratio = AsymmetryRatio(renderer.Intensity(z), renderer.Intensity(-z), focus);
            output.WriteLine($"{profileName} {kind} z {z}: mean|I(+z)-I(-z)| / mean|I(z)-I(0)| = {ratio:F3}");
            Assert.True(ratio > 0.1, $"z {z}: +z and -z nearly alike ({ratio:F3})");
        }
    }

    [Fact]
    public void A_stack_renders_to_the_same_bytes_for_the_same_seed()
    {
        var options = new SimulatedDatasetOptions { Objective = ObjectiveProfiles.Achromat40x065, Stacks = 3, Kinds = ["tissue", "sparse"], Width = 32, Height = 32, RangeUm = 1, StepUm = 1 };
        var z = options.ZValues();
        var first = new SimulatedDatasetWriter(options).RenderFrames(StackRecipe.For(options, 2), z).Select(f => f.Image.Pixels).ToList();
        var again = new SimulatedDatasetWriter(options).RenderFrames(StackRecipe.For(options, 2), z).Select(f => f.Image.Pixels).ToList();
        var otherSeed = new SimulatedDatasetWriter(options with { Seed = 2 }).RenderFrames(StackRecipe.For(options with { Seed = 2 }, 2), z).Select(f => f.Image.Pixels).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first[1], otherSeed[1]);
    }

    /// <summary>mean|I(+z) − I(−z)| / mean|I(z) − I(0)| over all channels and the frame: 0 when defocus is symmetric.</summary>
    internal static double AsymmetryRatio(double[][] plus, double[][] minus, double[][] focus)
    {
        double numerator = 0, denominator = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < plus[c].Length; i++)
            {
                numerator += Math.Abs(plus[c][i] - minus[c][i]);
                denominator += Math.Abs(plus[c][i] - focus[c][i]);
            }
        }

        return numerator / denominator;
    }

    internal static SpecimenRenderer Renderer(string profileName, string kind, int seed)
    {
        var optics = OpticalSetup.Nominal(ObjectiveProfiles.Get(profileName));
        SpecimenKinds.TryGet(kind, out var generator);
        var specimen = generator.Generate(SpecimenGrid.ForFrame(optics, Frame, Frame), seed);
        return new SpecimenRenderer(specimen, optics, Frame, Frame, Cache);
    }

    /// <summary>Brenner gradient on the green channel: Σ (I(x+2) − I(x))².</summary>
    private static double Brenner(RgbImage image)
    {
        double sum = 0;
        for (int y = 0; y < image.Height; y++)
        {
            var row = image.ReadOnlyRow(y);
            for (int x = 0; x + 2 < image.Width; x++)
            {
                double d = row[((x + 2) * 3) + 1] - row[(x * 3) + 1];
                sum += d * d;
            }
        }

        return sum / (image.Width * image.Height);
    }
}
