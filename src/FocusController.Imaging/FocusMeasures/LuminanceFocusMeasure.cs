using FocusController.Imaging.Tiling;

namespace FocusController.Imaging.FocusMeasures;

/// <summary>
/// A focus measure computed on luminance. The sums run over rows with <see cref="System.Numerics.Vector{T}"/>
/// lanes and are carried in double per row, so a 1280x960 frame scores in well under a millisecond and the
/// result matches a plain scalar sum to float rounding. Scores are means per pixel, so patches and frames of
/// different sizes are comparable.
/// </summary>
public abstract class LuminanceFocusMeasure : IFocusMeasure
{
    public abstract string Name { get; }

    /// <summary>Scores luminance already extracted (one patch, or a whole frame).</summary>
    public abstract double Score(LuminanceBuffer luminance);

    public double Score(RgbImage image) => Score(new LuminanceBuffer().Fill(image));

    /// <summary>Scores one patch of a frame, reusing <paramref name="scratch"/> for its luminance.</summary>
    public double Score(RgbImage image, PatchRegion region, LuminanceBuffer scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        return Score(scratch.Fill(image, region));
    }

    private protected static void RequireAtLeast(LuminanceBuffer luminance, int width, int height, string measure)
    {
        ArgumentNullException.ThrowIfNull(luminance);
        if (luminance.Width < width || luminance.Height < height)
        {
            throw new ArgumentException(
                $"{measure} needs at least {width}x{height} pixels; got {luminance.Width}x{luminance.Height}",
                nameof(luminance));
        }
    }
}
