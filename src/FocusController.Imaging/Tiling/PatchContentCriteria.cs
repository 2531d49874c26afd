using System.Globalization;

namespace FocusController.Imaging.Tiling;

/// <summary>
/// The paper's discriminant σ (Eq. 6) made explicit: a patch is worth estimating only when it has texture
/// (a blank background gives the model nothing to read defocus from), is not mostly clipped (saturated or
/// black pixels carry no blur) and is not too dark. All levels are in 8-bit luminance units (0..255).
/// </summary>
public sealed record PatchContentCriteria
{
    /// <summary>
    /// Least standard deviation of luminance. Camera noise on an empty bright field is about 1..2; specimen
    /// structure, even 10 µm out of focus, keeps low-frequency contrast well above that.
    /// </summary>
    public double MinLuminanceStdDev { get; init; } = 3.0;

    /// <summary>Most fraction of pixels at or beyond <see cref="ClipLow"/> / <see cref="ClipHigh"/>.</summary>
    public double MaxClippedFraction { get; init; } = 0.10;

    /// <summary>Least mean luminance: below it the field is too dark to read (lamp off, shutter closed).</summary>
    public double MinMeanLuminance { get; init; } = 16.0;

    /// <summary>Luminance at or below which a pixel counts as clipped black.</summary>
    public double ClipLow { get; init; } = 2.0;

    /// <summary>Luminance at or above which a pixel counts as saturated.</summary>
    public double ClipHigh { get; init; } = 253.0;

    public void Validate()
    {
        Check(MinLuminanceStdDev >= 0 && MinLuminanceStdDev < 128, nameof(MinLuminanceStdDev), MinLuminanceStdDev, "0..128");
        Check(MaxClippedFraction is >= 0 and <= 1, nameof(MaxClippedFraction), MaxClippedFraction, "0..1");
        Check(MinMeanLuminance is >= 0 and < 255, nameof(MinMeanLuminance), MinMeanLuminance, "0..255");
        Check(ClipLow is >= 0 and < 255 && ClipHigh is > 0 and <= 255 && ClipLow < ClipHigh, nameof(ClipHigh), ClipHigh, "ClipLow < ClipHigh, both 0..255");
    }

    private static void Check(bool ok, string name, double value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; allowed: {allowed}"));
        }
    }
}
