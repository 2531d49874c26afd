using System.Globalization;

namespace FocusController.Imaging.Tiling;

/// <summary>
/// Where the model's patches are cut from a frame. The grid is spread evenly over the central
/// <see cref="Coverage"/> of the frame's width and height, because the edges of a microscope field focus
/// worse (field curvature) and vignette. When that central span cannot hold the patches side by side, the span
/// grows to fit them, up to the whole frame; beyond that the patches overlap, and they coincide (are cut once)
/// when the frame is a single patch.
/// </summary>
public sealed record PatchGridOptions
{
    /// <summary>The model's input side (docs/contracts.md: 224).</summary>
    public int PatchSize { get; init; } = 224;

    public int Columns { get; init; } = 3;

    public int Rows { get; init; } = 3;

    /// <summary>Fraction of the frame's width and of its height the grid spans, centred; in (0, 1].</summary>
    public double Coverage { get; init; } = 0.75;

    public int MaxPatches => Columns * Rows;

    /// <summary>Throws naming the first setting that is out of range and what is allowed.</summary>
    public void Validate()
    {
        if (PatchSize is < 8 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(PatchSize), PatchSize, "patch size must be 8..4096 pixels");
        }

        if (Columns is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(Columns), Columns, "grid columns must be 1..16");
        }

        if (Rows is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(Rows), Rows, "grid rows must be 1..16");
        }

        if (!(Coverage > 0 && Coverage <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Coverage),
                Coverage,
                string.Create(CultureInfo.InvariantCulture, $"coverage must be in (0, 1], got {Coverage}"));
        }
    }
}
