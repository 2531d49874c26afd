using System.Globalization;

namespace FocusController.Imaging.Tiling;

/// <summary>The texture and exposure statistics of one patch and the verdict of <see cref="PatchContentTest"/>.</summary>
public readonly record struct PatchContent(double Mean, double StdDev, double ClippedFraction, string? RejectedBecause)
{
    public bool IsUsable => RejectedBecause is null;
}

/// <summary>Applies <see cref="PatchContentCriteria"/> to a patch's luminance.</summary>
public sealed class PatchContentTest
{
    private readonly PatchContentCriteria _criteria;

    public PatchContentTest(PatchContentCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        criteria.Validate();
        _criteria = criteria;
    }

    public PatchContent Evaluate(LuminanceBuffer luminance)
    {
        ArgumentNullException.ThrowIfNull(luminance);
        var pixels = luminance.Pixels;
        if (pixels.IsEmpty)
        {
            return new PatchContent(0, 0, 0, "empty");
        }

        double sum = 0;
        double sumSquares = 0;
        int clipped = 0;
        float low = (float)_criteria.ClipLow;
        float high = (float)_criteria.ClipHigh;
        foreach (float value in pixels)
        {
            sum += value;
            sumSquares += (double)value * value;
            if (value <= low || value >= high)
            {
                clipped++;
            }
        }

        double mean = sum / pixels.Length;
        double std = Math.Sqrt(Math.Max(0, (sumSquares / pixels.Length) - (mean * mean)));
        double clippedFraction = (double)clipped / pixels.Length;
        string? rejected = null;
        if (mean < _criteria.MinMeanLuminance)
        {
            rejected = string.Create(CultureInfo.InvariantCulture, $"too dark (mean {mean:0.#} < {_criteria.MinMeanLuminance:0.#})");
        }
        else if (clippedFraction > _criteria.MaxClippedFraction)
        {
            rejected = string.Create(CultureInfo.InvariantCulture, $"clipped ({clippedFraction:P0} of pixels > {_criteria.MaxClippedFraction:P0})");
        }
        else if (std < _criteria.MinLuminanceStdDev)
        {
            rejected = string.Create(CultureInfo.InvariantCulture, $"blank (luminance std {std:0.##} < {_criteria.MinLuminanceStdDev:0.##})");
        }

        return new PatchContent(mean, std, clippedFraction, rejected);
    }
}
