using System.Numerics;

namespace FocusController.Simulation.Optics;

/// <summary>
/// The periodic sampling grid the optics is computed on: width×height samples (powers of two, for the FFT) spaced
/// <see cref="SpacingUm"/> apart in the specimen plane. Frequencies follow the FFT's order (0, 1, …, n/2−1, −n/2, …, −1).
/// </summary>
public readonly record struct SimulationGrid
{
    public SimulationGrid(int width, int height, double spacingUm)
    {
        if (!BitOperations.IsPow2(width) || !BitOperations.IsPow2(height) || width < 8 || height < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height}", "grid sides must be powers of two of at least 8");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spacingUm);
        Width = width;
        Height = height;
        SpacingUm = spacingUm;
    }

    public int Width { get; }

    public int Height { get; }

    public double SpacingUm { get; }

    public int Count => Width * Height;

    public double FrequencyStepX => 1.0 / (Width * SpacingUm);

    public double FrequencyStepY => 1.0 / (Height * SpacingUm);

    /// <summary>The signed frequency index of an FFT bin.</summary>
    public static int SignedIndex(int k, int n) => k < n / 2 ? k : k - n;

    /// <summary>The flat index of the bin at −u, for Hermitian pairs.</summary>
    public int MirrorIndex(int index)
    {
        int ky = index / Width;
        int kx = index - (ky * Width);
        return (((Height - ky) & (Height - 1)) * Width) + ((Width - kx) & (Width - 1));
    }

    /// <summary>The smallest power of two at least <paramref name="n"/>.</summary>
    public static int PowerOfTwoAtLeast(int n) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, n));
}
