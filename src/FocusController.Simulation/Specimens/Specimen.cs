namespace FocusController.Simulation.Specimens;

/// <summary>
/// A thin specimen on a periodic grid: per colour channel its transmission is t = exp(μ_c + iφ_c), with
/// φ_c = 2π·OPD/λ_c from one optical-path-difference map (the same matter delays every colour by the same path)
/// and μ_c = ln(amplitude transmission) from the stain's colour. Periodic, so the FFT's wrap-around is the exact
/// image of a specimen that repeats, never an artefact at the seam.
/// </summary>
public sealed class Specimen
{
    public Specimen(string kind, int width, int height, double spacingUm, float[] opticalPathUm, float[][] absorption)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(opticalPathUm);
        ArgumentNullException.ThrowIfNull(absorption);
        if (opticalPathUm.Length != width * height || absorption.Length != 3 || absorption.Any(a => a.Length != width * height))
        {
            throw new ArgumentException($"specimen maps must hold {width}x{height} samples, absorption one map per channel");
        }

        Kind = kind;
        Width = width;
        Height = height;
        SpacingUm = spacingUm;
        OpticalPathUm = opticalPathUm;
        Absorption = absorption;
    }

    /// <summary>blood, tissue, cells, sparse, image.</summary>
    public string Kind { get; }

    public int Width { get; }

    public int Height { get; }

    public double SpacingUm { get; }

    /// <summary>Optical path difference against the mounting medium, µm.</summary>
    public float[] OpticalPathUm { get; }

    /// <summary>μ per channel (R, G, B): natural log of the amplitude transmission, ≤ 0.</summary>
    public float[][] Absorption { get; }

    /// <summary>Phase in radians of channel <paramref name="channel"/> at a sample.</summary>
    public double PhaseAt(int index, double wavelengthUm) => 2 * Math.PI * OpticalPathUm[index] / wavelengthUm;
}
