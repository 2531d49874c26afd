using System.Numerics;

namespace FocusController.Simulation.Optics;

/// <summary>
/// The objective's coherent transfer function and the condenser's source on a <see cref="SimulationGrid"/>
/// (defocus-physics.md, "Model"): P_z(u) = circ(|u| ≤ NA/λ)·exp(i2πz(√((n/λ)²−|u|²) − n/λ))·exp(iW(u)).
/// The constant n/λ only removes a piston that cancels in every intensity.
/// </summary>
internal static class PupilFunction
{
    public static Complex[] Build(SimulationGrid grid, OpticalSetup optics, int channel, double defocusUm)
    {
        var objective = optics.Objective;
        double wavelength = objective.WavelengthsUm[channel];
        double n = objective.ImmersionIndex;
        double cutoffSquared = objective.NumericalAperture / wavelength * (objective.NumericalAperture / wavelength);
        double mediumSquared = n / wavelength * (n / wavelength);
        var aberration = new CoverslipAberration(optics.CoverslipErrorUm, OpticalSetup.CoverGlassIndex, n, objective.NumericalAperture, wavelength);

        var pupil = new Complex[grid.Count];
        for (int ky = 0; ky < grid.Height; ky++)
        {
            double fy = SimulationGrid.SignedIndex(ky, grid.Height) * grid.FrequencyStepY;
            for (int kx = 0; kx < grid.Width; kx++)
            {
                double fx = SimulationGrid.SignedIndex(kx, grid.Width) * grid.FrequencyStepX;
                double uSquared = (fx * fx) + (fy * fy);
                if (uSquared > cutoffSquared)
                {
                    continue;
                }

                double phase = (2 * Math.PI * defocusUm * (Math.Sqrt(mediumSquared - uSquared) - (n / wavelength)))
                    + aberration.PhaseAt(uSquared);
                pupil[(ky * grid.Width) + kx] = Complex.FromPolarCoordinates(1, phase);
            }
        }

        return pupil;
    }

    /// <summary>Köhler source: uniform over the condenser disc |u − tilt/λ| ≤ NA_c/λ, sampled on the grid's frequencies.</summary>
    public static double[] Source(SimulationGrid grid, OpticalSetup optics, int channel)
    {
        var objective = optics.Objective;
        double wavelength = objective.WavelengthsUm[channel];
        double radiusSquared = objective.CondenserNumericalAperture / wavelength * (objective.CondenserNumericalAperture / wavelength);
        double cx = optics.CondenserTiltX / wavelength;
        double cy = optics.CondenserTiltY / wavelength;
        var source = new double[grid.Count];
        for (int ky = 0; ky < grid.Height; ky++)
        {
            double fy = (SimulationGrid.SignedIndex(ky, grid.Height) * grid.FrequencyStepY) - cy;
            for (int kx = 0; kx < grid.Width; kx++)
            {
                double fx = (SimulationGrid.SignedIndex(kx, grid.Width) * grid.FrequencyStepX) - cx;
                if ((fx * fx) + (fy * fy) <= radiusSquared)
                {
                    source[(ky * grid.Width) + kx] = 1;
                }
            }
        }

        return source;
    }
}
