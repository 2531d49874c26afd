using System.Numerics;

namespace FocusController.Imaging.FocusMeasures;

/// <summary>
/// Normalized variance: variance of luminance divided by its mean (Groen et al. 1985), so a brighter lamp
/// does not read as sharper. Zero for a black image.
/// </summary>
public sealed class NormalizedVariance : LuminanceFocusMeasure
{
    public override string Name => "normalized-variance";

    public override double Score(LuminanceBuffer luminance)
    {
        RequireAtLeast(luminance, 1, 1, Name);
        var pixels = luminance.Pixels;
        double mean = Sum(luminance) / pixels.Length;
        if (mean <= 0)
        {
            return 0;
        }

        // two passes (mean first, then squared deviations): one-pass E[x²]−E[x]² loses digits at 8-bit levels
        var centre = new Vector<float>((float)mean);
        double squares = 0;
        for (int y = 0; y < luminance.Height; y++)
        {
            var row = luminance.Row(y);
            var acc = Vector<float>.Zero;
            int x = 0;
            for (; x <= row.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                var d = new Vector<float>(row[x..]) - centre;
                acc += d * d;
            }

            double rowSum = Vector.Sum(acc);
            for (; x < row.Length; x++)
            {
                double d = row[x] - mean;
                rowSum += d * d;
            }

            squares += rowSum;
        }

        return squares / pixels.Length / mean;
    }

    private static double Sum(LuminanceBuffer luminance)
    {
        double total = 0;
        for (int y = 0; y < luminance.Height; y++)
        {
            var row = luminance.Row(y);
            var acc = Vector<float>.Zero;
            int x = 0;
            for (; x <= row.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                acc += new Vector<float>(row[x..]);
            }

            double rowSum = Vector.Sum(acc);
            for (; x < row.Length; x++)
            {
                rowSum += row[x];
            }

            total += rowSum;
        }

        return total;
    }
}
