namespace FocusController.Inference;

/// <summary>How the usable patches' estimates become one (the avg of the paper's Eq. 6, made robust).</summary>
public enum PatchCombination
{
    /// <summary>The median: one patch on a bubble, a scratch or debris cannot move it.</summary>
    Median,

    /// <summary>The mean of what is left after dropping <see cref="DefocusEstimatorOptions.TrimFraction"/> from each end.</summary>
    TrimmedMean,
}

/// <summary>The combined value of a set of patch estimates and how far they spread.</summary>
public readonly record struct CombinedEstimate(double Value, double Spread);

/// <summary>
/// Robust statistics over a handful of patch estimates. Works in a caller's scratch span (sorted in place),
/// so combining allocates nothing.
/// </summary>
public static class PatchCombiner
{
    /// <summary>
    /// Combines <paramref name="values"/> (sorted in place). Spread is the median absolute deviation from the
    /// median, scaled by 1.4826 so it reads as a standard deviation for normally scattered patches.
    /// </summary>
    public static CombinedEstimate Combine(Span<double> values, PatchCombination combination, double trimFraction)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("no values to combine", nameof(values));
        }

        if (trimFraction is < 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(trimFraction), trimFraction, "trim fraction must be in [0, 0.5)");
        }

        values.Sort();
        double median = SortedMedian(values);
        double value = combination switch
        {
            PatchCombination.Median => median,
            PatchCombination.TrimmedMean => TrimmedMean(values, trimFraction),
            _ => throw new ArgumentOutOfRangeException(nameof(combination), combination, "median or trimmed mean"),
        };

        // deviations are taken in place after the value is known: the caller's span is scratch
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        values.Sort();
        return new CombinedEstimate(value, 1.4826 * SortedMedian(values));
    }

    private static double SortedMedian(ReadOnlySpan<double> sorted)
    {
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double TrimmedMean(ReadOnlySpan<double> sorted, double trimFraction)
    {
        int drop = (int)Math.Floor(sorted.Length * trimFraction);
        var kept = sorted[drop..^drop];
        double sum = 0;
        foreach (double v in kept)
        {
            sum += v;
        }

        return sum / kept.Length;
    }
}
