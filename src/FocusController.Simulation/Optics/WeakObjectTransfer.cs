using System.Numerics;
using FocusController.Simulation.Fourier;

namespace FocusController.Simulation.Optics;

/// <summary>
/// The weak-object transfer function of one colour channel at one defocus, in the single complex form
/// C(v) = Σ_u S(u)·P*(u)·P(u+v) / Σ S|P|² (the cross-correlation of S·P with P, done with FFTs).
/// The reference's pair follows from it: H_A(v) = C(v) + C*(−v), H_φ(v) = i(C(v) − C*(−v)), and for a specimen
/// t = exp(μ + iφ) the first-order image is I = 1 + 2·Re F⁻¹{C·F{μ + iφ}}, one multiply and half an inverse FFT.
/// </summary>
public sealed class WeakObjectTransfer
{
    private WeakObjectTransfer(SimulationGrid grid, Complex[] values)
    {
        Grid = grid;
        Values = values;
    }

    public SimulationGrid Grid { get; }

    /// <summary>C(v) in FFT order.</summary>
    public Complex[] Values { get; }

    /// <summary>Bytes held, for the cache's budget.</summary>
    public long SizeBytes => Values.LongLength * 16;

    public static WeakObjectTransfer Compute(SimulationGrid grid, OpticalSetup optics, int channel, double defocusUm)
    {
        ArgumentNullException.ThrowIfNull(optics);
        var pupil = PupilFunction.Build(grid, optics, channel, defocusUm);
        var source = PupilFunction.Source(grid, optics, channel);

        var weighted = new Complex[grid.Count];
        double norm = 0;
        for (int i = 0; i < weighted.Length; i++)
        {
            weighted[i] = source[i] * pupil[i];
            norm += source[i] * ((pupil[i].Real * pupil[i].Real) + (pupil[i].Imaginary * pupil[i].Imaginary));
        }

        if (norm == 0)
        {
            // the whole condenser cone misses the objective: darkfield, no first-order image
            return new WeakObjectTransfer(grid, new Complex[grid.Count]);
        }

        Fft2D.Forward(weighted, grid.Width, grid.Height);
        Fft2D.Forward(pupil, grid.Width, grid.Height);
        for (int i = 0; i < pupil.Length; i++)
        {
            pupil[i] = Complex.Conjugate(weighted[i]) * pupil[i];
        }

        Fft2D.Inverse(pupil, grid.Width, grid.Height);
        double scale = 1.0 / (grid.Count * norm);
        for (int i = 0; i < pupil.Length; i++)
        {
            pupil[i] *= scale;
        }

        return new WeakObjectTransfer(grid, pupil);
    }

    /// <summary>The absorption transfer function H_A(v) = C(v) + C*(−v) at a flat index.</summary>
    public Complex Absorption(int index) => Values[index] + Complex.Conjugate(Values[Grid.MirrorIndex(index)]);

    /// <summary>The phase transfer function H_φ(v) = i(C(v) − C*(−v)) at a flat index.</summary>
    public Complex Phase(int index) => Complex.ImaginaryOne * (Values[index] - Complex.Conjugate(Values[Grid.MirrorIndex(index)]));
}
