using FocusController.Imaging;
using FocusController.Simulation.Corpus;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;
using FocusController.Simulation.Specimens;
using Xunit.Abstractions;

namespace FocusController.Simulation.Tests;

/// <summary>
/// The simulator's truth of focus (docs/contracts.md, "Where focus is"): z = 0 is where the field's noise-free frame
/// is sharpest by normalized variance, and each class of specimen puts that plane where its physics says.
/// </summary>
public class ClarityPlaneTests(ITestOutputHelper output)
{
    private const int Frame = 128;
    private static readonly TransferFunctionCache Cache = new();

    public static TheoryData<string, string> ProfilesAndKinds() => SpecimenKindTests.ProfilesAndKinds();

    [Theory]
    [MemberData(nameof(ProfilesAndKinds))]
    public void The_label_is_the_peak_of_the_measure_on_a_fine_noise_free_scan(string profileName, string kind)
    {
        var field = new FieldRenderer(SpecimenKindTests.Renderer(profileName, kind, seed: 21));
        // 0.01 µm steps over ±0.3 µm around the label, and 0.25 µm steps out to ±4 µm: no other z is sharper
        var near = Enumerable.Range(-30, 61).Select(i => i * 0.01).ToArray();
        var nearScores = near.Select(z => ClarityPlane.Score(field.Optical, field.PhysicalDefocusUm(z))).ToArray();
        double best = near[Array.IndexOf(nearScores, nearScores.Max())];
        output.WriteLine($"{profileName} {kind}: focal plane at {field.FocalPlaneUm:+0.00;-0.00} um from the clarity plane; fine-scan peak at {best:+0.00;-0.00}");
        Assert.InRange(best, -0.02, 0.02);

        double atLabel = ClarityPlane.Score(field.Optical, field.PhysicalDefocusUm(0));
        foreach (double z in Enumerable.Range(-16, 33).Select(i => i * 0.25).Where(z => Math.Abs(z) > 0.3))
        {
            Assert.True(ClarityPlane.Score(field.Optical, field.PhysicalDefocusUm(z)) < atLabel, $"z {z} is sharper than the label");
        }
    }

    [Theory]
    [InlineData("20x-0.75")]
    [InlineData("40x-0.65")]
    public void A_stained_mounted_section_is_sharpest_close_to_its_physical_focal_plane(string profileName)
    {
        // absorption dominates, but the section's weak phase still tips the sharpest frame a little to one side (the
        // cross term of stain and phase is odd in z): within half the depth of field on average, well inside it always
        double depthOfField = ObjectiveProfiles.Get(profileName).DepthOfFieldUm;
        var offsets = new List<double>();
        foreach (int seed in new[] { 1, 2, 3, 4, 5, 6 })
        {
            var field = new FieldRenderer(SpecimenKindTests.Renderer(profileName, "tissue", seed));
            output.WriteLine($"{profileName} tissue seed {seed}: physical focal plane at {field.FocalPlaneUm:+0.00;-0.00} um");
            offsets.Add(Math.Abs(field.FocalPlaneUm));
        }

        Assert.True(offsets.Average() <= depthOfField / 2, $"mean offset {offsets.Average():F2} um");
        Assert.True(offsets.Max() <= 0.6 * depthOfField, $"largest offset {offsets.Max():F2} um");
    }

    [Fact]
    public void An_unstained_cell_shows_two_lobes_about_its_focal_plane()
    {
        var renderer = SpecimenKindTests.Renderer("20x-0.75", "cells", seed: 4);
        var z = Enumerable.Range(-16, 33).Select(i => i * 0.25).ToArray();
        var score = z.Select(v => ClarityPlane.Score(renderer, v)).ToArray();
        output.WriteLine(string.Join(" ", score.Select((s, i) => $"{z[i]}:{s * 1e3:F3}")));

        // nearly invisible at its physical focal plane, sharper on both sides of it
        int focus = Array.IndexOf(z, 0.0);
        int below = Array.IndexOf(score, score[..focus].Max());
        int above = focus + 1 + Array.IndexOf(score[(focus + 1)..], score[(focus + 1)..].Max());
        double dip = score[below..(above + 1)].Min();
        Assert.True(z[below] < 0 && z[above] > 0);
        Assert.True(dip < 0.8 * score[below] && dip < 0.8 * score[above], $"no dip between the lobes at {z[below]} and {z[above]} um");
    }

    [Fact]
    public void An_amplitude_only_specimen_without_aberration_is_symmetric_in_z()
    {
        var optics = TestSpecimens.Monochrome(ObjectiveProfiles.Plan20x075);
        var generated = new TissueSection().Generate(SpecimenGrid.ForFrame(optics, Frame, Frame), 5);
        var amplitudeOnly = new Specimen("test", generated.Width, generated.Height, generated.SpacingUm, new float[generated.OpticalPathUm.Length], generated.Absorption);
        var renderer = new SpecimenRenderer(amplitudeOnly, optics, Frame, Frame, Cache);
        foreach (double z in new[] { 0.5, 1, 2, 4 })
        {
            double plus = ClarityPlane.Score(renderer, z);
            double minus = ClarityPlane.Score(renderer, -z);
            Assert.Equal(plus, minus, 1e-6 * plus);
        }

        Assert.Equal(0, ClarityPlane.Find(renderer), 3);
    }

    [Fact]
    public void An_empty_field_has_its_clarity_plane_at_the_focal_plane()
    {
        var optics = OpticalSetup.Nominal(ObjectiveProfiles.Plan20x075);
        var grid = SpecimenGrid.ForFrame(optics, Frame, Frame);
        var blank = new Specimen("blank", grid.Width, grid.Height, grid.SpacingUm, new float[grid.Count], [new float[grid.Count], new float[grid.Count], new float[grid.Count]]);
        Assert.Equal(0, new FieldRenderer(new SpecimenRenderer(blank, optics, Frame, Frame, Cache)).FocalPlaneUm);
    }

    [Theory]
    [InlineData("tissue")]
    [InlineData("image")]
    public void The_measure_peaks_at_z_0_and_falls_off_on_both_sides(string kind)
    {
        foreach (var profile in ObjectiveProfiles.All)
        {
            var field = new FieldRenderer(kind == "image" ? ImageRenderer(profile, 0) : SpecimenKindTests.Renderer(profile.Name, kind, seed: 8));
            double Score(double z) => ClarityPlane.Score(field.Optical, field.PhysicalDefocusUm(z));
            var outward = Enumerable.Range(0, 11).Select(i => i * 0.5).ToArray();
            var below = outward.Select(z => Score(-z)).ToArray();
            var above = outward.Select(z => Score(z)).ToArray();
            output.WriteLine($"{profile.Name} {kind}: below {string.Join(" ", below.Select(v => (v / below[0]).ToString("F2")))}; above {string.Join(" ", above.Select(v => (v / above[0]).ToString("F2")))}");
            for (int i = 1; i < outward.Length; i++)
            {
                // falling outward, allowing a ripple of 3 % of the peak (Fresnel fringes of phase far out)
                Assert.True(below[i] <= below[i - 1] + (0.03 * below[0]), $"{profile.Name} {kind}: not falling below focus at {-outward[i]} um");
                Assert.True(above[i] <= above[i - 1] + (0.03 * above[0]), $"{profile.Name} {kind}: not falling above focus at {outward[i]} um");
            }

            // an image's large-scale content survives defocus (a photograph keeps ~70 % of its normalized variance at 5 µm,
            // 20x), so the bar is that it has measurably fallen, not by how much
            Assert.True(below[^1] < 0.85 * below[0] && above[^1] < 0.85 * above[0], $"{profile.Name} {kind}: 5 um from focus is still as sharp");
        }
    }

    [Fact]
    public void Image_specimens_at_the_nominal_optics_look_different_above_and_below_focus()
    {
        // validation images (never the held-out ones, which only benches and held-out figures see)
        var profile = ObjectiveProfiles.Plan20x075;
        var ratios = new Dictionary<double, List<double>> { [2] = [], [5] = [] };
        for (int index = 0; index < Corpus.In(CorpusSplit.Validation).Count; index++)
        {
            var field = new FieldRenderer(ImageRenderer(profile, index));
            var focus = field.Optical.Intensity(field.PhysicalDefocusUm(0));
            foreach (double z in ratios.Keys)
            {
                double ratio = SpecimenKindTests.AsymmetryRatio(field.Optical.Intensity(field.PhysicalDefocusUm(z)), field.Optical.Intensity(field.PhysicalDefocusUm(-z)), focus);
                ratios[z].Add(ratio);
                output.WriteLine($"{Corpus.In(CorpusSplit.Validation)[index].Name} z ±{z}: |I(+z)-I(-z)| / |I(z)-I(0)| = {ratio:F3}");
            }
        }

        // ±2 µm meets the 15 % the focus-truth issue asks; at ±5 µm the symmetric blur of the absorption dominates and the
        // validation images reach about 10 % (docs/specimens.md): the bar there is what the simulator measurably keeps
        Assert.True(ratios[2].Average() >= 0.15, $"±2 um: frames above and below focus differ by only {ratios[2].Average():P0} of their difference from focus");
        Assert.True(ratios[5].Average() >= 0.08, $"±5 um: frames above and below focus differ by only {ratios[5].Average():P0} of their difference from focus");
    }

    private static readonly SpecimenCorpus Corpus = SpecimenCorpus.Load(
        SpecimenCorpus.FindDirectory(AppContext.BaseDirectory, Environment.CurrentDirectory) ?? throw new InvalidOperationException("the specimen corpus (specimens/) is not above the test's folder"));

    /// <summary>A validation corpus image as a specimen of a class drawn from <paramref name="index"/>, at the nominal optics.</summary>
    private static SpecimenRenderer ImageRenderer(ObjectiveProfile profile, int index)
    {
        var optics = OpticalSetup.Nominal(profile);
        var images = Corpus.In(CorpusSplit.Validation);
        var image = Corpus.Read(images[index % images.Count]);
        var window = image.Crop((image.Width - Frame) / 2, (image.Height - Frame) / 2, Frame, Frame);
        var specimen = ImageSpecimen.Create(window, optics, Frame, Frame, 5, ImageMatter.Draw(SpecimenClass.All[index % SpecimenClass.All.Count], new Random(index)));
        return new SpecimenRenderer(specimen, optics, Frame, Frame, Cache);
    }
}
