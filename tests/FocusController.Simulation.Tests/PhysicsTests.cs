using System.Numerics;
using FocusController.Imaging;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Specimens;
using Xunit.Abstractions;

namespace FocusController.Simulation.Tests;

/// <summary>The checks of defocus-physics.md, "Checks that a correct simulator passes", on small grids.</summary>
public class PhysicsTests(ITestOutputHelper output)
{
    private static readonly ObjectiveProfile Profile = ObjectiveProfiles.Plan20x075;

    [Fact]
    public void Reference_phase_bump_reads_087_100_113_at_minus3_0_plus3()
    {
        var optics = TestSpecimens.Monochrome(Profile);
        var grid = new SimulationGrid(64, 64, Profile.PixelSizeUm);
        var bump = TestSpecimens.Bump(grid, phaseRad: 1, amplitudeTransmission: 1, sigmaUm: 1.5);

        double[] centre = [.. new[] { -3.0, 0, 3 }.Select(z => TestSpecimens.Centre(AbbeImager.Render(bump, optics, 1, z, sourceStride: 2), grid))];

        output.WriteLine($"phase bump: {centre[0]:F3} {centre[1]:F3} {centre[2]:F3}");
        Assert.Equal(0.87, centre[0], 0.02);
        Assert.Equal(1.00, centre[1], 0.02);
        Assert.Equal(1.13, centre[2], 0.02);
    }

    [Fact]
    public void Reference_absorber_reads_054_049_054_at_minus3_0_plus3()
    {
        var optics = TestSpecimens.Monochrome(Profile);
        var grid = new SimulationGrid(64, 64, Profile.PixelSizeUm);
        // 30 % of the amplitude absorbed at the peak: intensity 0.49 in focus
        var absorber = TestSpecimens.Bump(grid, phaseRad: 0, amplitudeTransmission: 0.7, sigmaUm: 2.0);

        double[] centre = [.. new[] { -3.0, 0, 3 }.Select(z => TestSpecimens.Centre(AbbeImager.Render(absorber, optics, 1, z, sourceStride: 2), grid))];

        output.WriteLine($"absorber: {centre[0]:F3} {centre[1]:F3} {centre[2]:F3}");
        Assert.Equal(0.54, centre[0], 0.03);
        Assert.Equal(0.49, centre[1], 0.02);
        Assert.Equal(0.54, centre[2], 0.03);
        Assert.Equal(centre[0], centre[2], 1e-6);
    }

    [Fact]
    public void Pure_phase_object_is_invisible_in_focus_and_keeps_its_mean_at_every_z()
    {
        var optics = TestSpecimens.Monochrome(Profile);
        var grid = new SimulationGrid(64, 64, Profile.PixelSizeUm);
        var specimen = WeakTexture(grid, phaseRms: 0.1, absorptionRms: 0, seed: 1, finestPeriodUm: 1.5);
        var spectrum = SpecimenSpectrum.Of(specimen, optics.Objective.WavelengthsUm);
        var imager = new WeakObjectImager(new TransferFunctionCache());

        var focused = imager.Render(spectrum, optics, 0, IntensityModel.Linear)[1];
        Assert.True(focused.Max(v => Math.Abs(v - 1)) < 1e-9, "the fast path shows a phase object in focus");
        var abbeFocused = AbbeImager.Render(specimen, optics, 1, 0, sourceStride: 2);
        Assert.True(Rms(abbeFocused, abbeFocused.Average()) < 0.005, $"Abbe in focus: contrast {Rms(abbeFocused, abbeFocused.Average()):F4}");

        double abbeMean0 = abbeFocused.Average();
        foreach (double z in new[] { -6.0, -2, 1, 4 })
        {
            var fast = imager.Render(spectrum, optics, z, IntensityModel.Linear)[1];
            Assert.Equal(1.0, fast.Average(), 1e-9);
            Assert.True(Rms(fast, 1) > 0.002, $"no phase contrast at z = {z}: {Rms(fast, 1):F4}");
            var exact = AbbeImager.Render(specimen, optics, 1, z, sourceStride: 2);
            Assert.Equal(abbeMean0, exact.Average(), 1e-9);
        }
    }

    [Fact]
    public void Phase_signal_is_odd_in_z_and_absorption_signal_even()
    {
        var optics = TestSpecimens.Monochrome(Profile);
        var grid = new SimulationGrid(64, 64, Profile.PixelSizeUm);
        var imager = new WeakObjectImager(new TransferFunctionCache());
        var phase = SpecimenSpectrum.Of(WeakTexture(grid, 0.2, 0, seed: 2), optics.Objective.WavelengthsUm);
        var absorption = SpecimenSpectrum.Of(WeakTexture(grid, 0, 0.05, seed: 3), optics.Objective.WavelengthsUm);

        foreach (double z in new[] { 0.5, 2, 5 })
        {
            var phasePlus = imager.Render(phase, optics, z, IntensityModel.Linear)[1];
            var phaseMinus = imager.Render(phase, optics, -z, IntensityModel.Linear)[1];
            var absorbPlus = imager.Render(absorption, optics, z, IntensityModel.Linear)[1];
            var absorbMinus = imager.Render(absorption, optics, -z, IntensityModel.Linear)[1];
            for (int i = 0; i < grid.Count; i++)
            {
                Assert.Equal(-(phasePlus[i] - 1), phaseMinus[i] - 1, 1e-9);
                Assert.Equal(absorbPlus[i], absorbMinus[i], 1e-9);
            }

            Assert.True(Rms(phasePlus, 1) > 1e-3 && Rms(absorbPlus, 1) > 1e-3);
        }
    }

    [Fact]
    public void Fast_path_agrees_with_the_Abbe_sum_for_a_weak_object()
    {
        var optics = new OpticalSetup { Objective = Profile, CoverslipErrorUm = 8, CondenserTiltX = 0.03 };
        var grid = new SimulationGrid(64, 64, Profile.PixelSizeUm);
        var specimen = WeakTexture(grid, phaseRms: 0.01, absorptionRms: 0.004, seed: 4);
        var spectrum = SpecimenSpectrum.Of(specimen, optics.Objective.WavelengthsUm);
        var imager = new WeakObjectImager(new TransferFunctionCache());

        foreach (double z in new[] { -4.0, -1, 0, 2 })
        {
            for (int c = 0; c < 3; c += 2)
            {
                var fast = imager.Render(spectrum, optics, z, IntensityModel.Linear)[c];
                var exact = AbbeImager.Render(specimen, optics, c, z);
                double signal = Rms(exact, exact.Average());
                double error = Rms(fast.Zip(exact, (a, b) => a - b).ToArray(), 0);
                output.WriteLine($"z {z,4} channel {c}: signal rms {signal:F4}, fast-Abbe rms {error:F5} ({error / signal:P1})");
                Assert.True(error < 0.05 * signal, $"z {z} channel {c}: error {error:F5} vs signal {signal:F5}");
            }
        }
    }

    [Fact]
    public void Grating_contrast_follows_the_defocused_transfer_function()
    {
        // a weak absorption grating μ = ε·cos(2πfx); the image's Fourier coefficient at f is H_A(f)·ε/2, with H_A from
        // a direct sum over the source (not the FFT correlation the renderer uses)
        var optics = TestSpecimens.Monochrome(Profile);
        var grid = new SimulationGrid(64, 64, Profile.PixelSizeUm);
        const double Epsilon = 0.01;
        foreach (int cycles in new[] { 3, 8, 14 })
        {
            var mu = new float[grid.Count];
            for (int i = 0; i < mu.Length; i++)
            {
                mu[i] = (float)(Epsilon * Math.Cos(2 * Math.PI * cycles * (i % grid.Width) / grid.Width));
            }

            var grating = new Specimen("test", grid.Width, grid.Height, grid.SpacingUm, new float[grid.Count], [mu, mu, mu]);
            foreach (double z in new[] { 0.0, 1, 3 })
            {
                var image = AbbeImager.Render(grating, optics, 1, z);
                Complex measured = 0;
                for (int i = 0; i < image.Length; i++)
                {
                    measured += image[i] * Complex.FromPolarCoordinates(1, -2 * Math.PI * cycles * (i % grid.Width) / grid.Width);
                }

                measured /= image.Length;
                Complex expected = DirectAbsorptionTransfer(grid, optics, cycles, z) * Epsilon / 2;
                output.WriteLine($"f {cycles / (grid.Width * grid.SpacingUm):F2}/um z {z}: measured {measured.Magnitude:F5}, OTF {expected.Magnitude:F5}");
                Assert.True(Complex.Abs(measured - expected) < 0.03 * Epsilon, $"{cycles} cycles z {z}: {measured} vs {expected}");
            }
        }
    }

    [Fact]
    public void Far_from_focus_an_edge_blurs_as_the_geometric_cone_predicts()
    {
        // Far from focus the image is geometric: each illuminating direction s = sinθ lands z·s/√(n²−s²) away, so the
        // blur's full width is 2|z|·NA/√(n²−NA²) (defocus-physics.md) when the condenser fills the objective. An
        // absorbing edge only removes rays, so under Köhler illumination its shadow spreads over the condenser's cone
        // NA_c instead. The 10–90 % width of the edge is compared with the ray-traced cone.
        foreach (double condenserNa in new[] { 0.5, 0.75 })
        {
            var optics = TestSpecimens.Monochrome(Profile with { CondenserNumericalAperture = condenserNa });
            var grid = new SimulationGrid(512, 64, Profile.PixelSizeUm);
            var mu = new float[grid.Count];
            for (int i = 0; i < mu.Length; i++)
            {
                mu[i] = (i % grid.Width) < grid.Width / 2 ? -0.05f : 0f;
            }

            var edge = SpecimenSpectrum.Of(new Specimen("test", grid.Width, grid.Height, grid.SpacingUm, new float[grid.Count], [mu, mu, mu]), optics.Objective.WavelengthsUm);
            var imager = new WeakObjectImager(new TransferFunctionCache());
            foreach (double z in new[] { 8.0, 14 })
            {
                var row = imager.Render(edge, optics, z, IntensityModel.Linear)[1].AsSpan(0, grid.Width).ToArray();
                double width = EdgeWidth(row, grid.SpacingUm, 0.1);
                double expected = GeometricEdgeWidth(condenserNa, z, 0.1);
                double fullWidth = 2 * z * condenserNa / Math.Sqrt(1 - (condenserNa * condenserNa));
                output.WriteLine($"NAc {condenserNa} z {z}: 10-90 width {width:F2} um, ray-traced cone {expected:F2} um (cone's full width {fullWidth:F2} um)");
                Assert.Equal(expected, width, expected * 0.12);
            }
        }
    }

    [Fact]
    public void Spherical_aberration_makes_an_absorber_differ_above_and_below_focus()
    {
        var optics = TestSpecimens.Monochrome(Profile) with { CoverslipErrorUm = 10 };
        var grid = new SimulationGrid(64, 64, Profile.PixelSizeUm);
        var absorber = TestSpecimens.Bump(grid, 0, 0.8, 0.6);
        var plus = AbbeImager.Render(absorber, optics, 1, 2, sourceStride: 2);
        var minus = AbbeImager.Render(absorber, optics, 1, -2, sourceStride: 2);
        var nominal = AbbeImager.Render(absorber, TestSpecimens.Monochrome(Profile), 1, 2, sourceStride: 2);
        var nominalMinus = AbbeImager.Render(absorber, TestSpecimens.Monochrome(Profile), 1, -2, sourceStride: 2);
        double asymmetric = Rms(plus.Zip(minus, (a, b) => a - b).ToArray(), 0);
        double symmetric = Rms(nominal.Zip(nominalMinus, (a, b) => a - b).ToArray(), 0);
        output.WriteLine($"+z/-z rms difference: with 10 um coverslip error {asymmetric:F4}, without {symmetric:F6}");
        Assert.True(symmetric < 1e-6);
        Assert.True(asymmetric > 0.005);
    }

    internal static Specimen WeakTexture(SimulationGrid grid, double phaseRms, double absorptionRms, int seed, double finestPeriodUm = 0.6)
    {
        var random = new Random(seed);
        var phase = BandLimitedNoise.Create(grid, random, finestPeriodUm, 4);
        var absorb = BandLimitedNoise.Create(grid, random, finestPeriodUm, 4);
        var path = phase.Select(p => (float)(p * phaseRms * 0.55 / (2 * Math.PI))).ToArray();
        var mu = absorb.Select(a => (float)(a * absorptionRms)).ToArray();
        return new Specimen("test", grid.Width, grid.Height, grid.SpacingUm, path, [mu, mu, mu]);
    }

    internal static double Rms(double[] values, double around) => Math.Sqrt(values.Average(v => (v - around) * (v - around)));

    // 10–90 % width of the edge response when directions fill the disc sinθ ≤ na uniformly and land at z·tanθ
    private static double GeometricEdgeWidth(double na, double z, double fraction)
    {
        var landing = new List<double>();
        const int N = 400;
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double sx = na * (((2.0 * i) + 1 - N) / N);
                double sy = na * (((2.0 * j) + 1 - N) / N);
                double s2 = (sx * sx) + (sy * sy);
                if (s2 <= na * na)
                {
                    landing.Add(z * sx / Math.Sqrt(1 - s2));
                }
            }
        }

        landing.Sort();
        return landing[(int)((1 - fraction) * landing.Count)] - landing[(int)(fraction * landing.Count)];
    }

    private static double EdgeWidth(double[] row, double spacing, double fraction)
    {
        // the rising edge at the centre of the row: from the absorbed level (left) to the clear level (right)
        int n = row.Length;
        double low = row[n / 4];
        double high = row[(3 * n) / 4];
        double Crossing(double level)
        {
            for (int x = n / 4; x < (3 * n) / 4; x++)
            {
                if ((row[x] - level) * (row[x + 1] - level) <= 0 && row[x] != row[x + 1])
                {
                    return x + ((level - row[x]) / (row[x + 1] - row[x]));
                }
            }

            return double.NaN;
        }

        return (Crossing(low + ((1 - fraction) * (high - low))) - Crossing(low + (fraction * (high - low)))) * spacing;
    }

    private static Complex DirectAbsorptionTransfer(SimulationGrid grid, OpticalSetup optics, int cycles, double z)
    {
        // C(v) = Σ_u S(u)P*(u)P(u+v) / Σ S|P|², straight from the pupil, v = (cycles, 0) bins
        Complex C(int shift)
        {
            var pupil = PupilFunctionProbe.Pupil(grid, optics, 1, z);
            var source = PupilFunctionProbe.Source(grid, optics, 1);
            Complex sum = 0;
            double norm = 0;
            for (int ky = 0; ky < grid.Height; ky++)
            {
                for (int kx = 0; kx < grid.Width; kx++)
                {
                    int i = (ky * grid.Width) + kx;
                    if (source[i] == 0)
                    {
                        continue;
                    }

                    int j = (ky * grid.Width) + ((kx + shift + grid.Width) % grid.Width);
                    sum += source[i] * Complex.Conjugate(pupil[i]) * pupil[j];
                    norm += source[i] * pupil[i].Magnitude * pupil[i].Magnitude;
                }
            }

            return sum / norm;
        }

        return C(cycles) + Complex.Conjugate(C(-cycles));
    }
}
