namespace FocusController.Control;

/// <summary>The median the controller's robust estimates share (tracking's decision window, calibration's line fit).</summary>
internal static class Medians
{
    /// <summary>Median of <paramref name="values"/> (mean of the middle two for an even count); sorts a copy.</summary>
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        if (n == 0)
        {
            throw new ArgumentException("the median of no values", nameof(values));
        }

        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
