namespace FocusController.Simulation.Optics;

/// <summary>
/// Spherical aberration from a coverslip of the wrong thickness under a dry (or immersion) objective. A plane wave
/// with transverse frequency u picks up 2π·Δt·(√((n_g/λ)²−u²) − √((n/λ)²−u²)) of extra phase in the extra glass; the
/// part of that which is only a focus shift (a multiple of the defocus term √((n/λ)²−u²), plus piston) is removed by a
/// least-squares fit over the pupil, so z = 0 stays the best focus and what is left is the asymmetric blur.
/// </summary>
internal sealed class CoverslipAberration
{
    private readonly double _thicknessErrorUm;
    private readonly double _glassTerm;
    private readonly double _mediumTerm;
    private readonly double _focusCoefficient;
    private readonly double _piston;

    public CoverslipAberration(double thicknessErrorUm, double glassIndex, double immersionIndex, double numericalAperture, double wavelengthUm)
    {
        _thicknessErrorUm = thicknessErrorUm;
        _glassTerm = glassIndex / wavelengthUm * (glassIndex / wavelengthUm);
        _mediumTerm = immersionIndex / wavelengthUm * (immersionIndex / wavelengthUm);
        double cutoffSquared = numericalAperture / wavelengthUm * (numericalAperture / wavelengthUm);

        // least squares g ≈ a·f + b over the pupil disc, area-weighted (uniform in ρ²)
        const int Samples = 256;
        double sf = 0, sg = 0, sff = 0, sfg = 0;
        for (int i = 0; i < Samples; i++)
        {
            double uSquared = (i + 0.5) / Samples * cutoffSquared;
            double f = Math.Sqrt(_mediumTerm - uSquared);
            double g = Math.Sqrt(_glassTerm - uSquared);
            sf += f;
            sg += g;
            sff += f * f;
            sfg += f * g;
        }

        double denominator = (Samples * sff) - (sf * sf);
        _focusCoefficient = denominator == 0 ? 0 : ((Samples * sfg) - (sf * sg)) / denominator;
        _piston = (sg - (_focusCoefficient * sf)) / Samples;
    }

    /// <summary>Aberration phase, radians, at squared transverse frequency |u|² (µm⁻²) inside the pupil.</summary>
    public double PhaseAt(double uSquared)
    {
        if (_thicknessErrorUm == 0)
        {
            return 0;
        }

        double g = Math.Sqrt(_glassTerm - uSquared);
        double f = Math.Sqrt(_mediumTerm - uSquared);
        return 2 * Math.PI * _thicknessErrorUm * (g - (_focusCoefficient * f) - _piston);
    }
}
