using FocusController.Imaging;
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
}
