using System.Numerics;

namespace FocusController.Imaging.FocusMeasures;

/// <summary>Tenengrad: mean squared Sobel gradient magnitude, gx² + gy², over the interior pixels.</summary>
public sealed class Tenengrad : LuminanceFocusMeasure
{
    public override string Name => "tenengrad";

    public override double Score(LuminanceBuffer luminance)
    {
        RequireAtLeast(luminance, 3, 3, Name);
        int inner = luminance.Width - 2;
        var two = new Vector<float>(2f);
        double total = 0;
        for (int y = 1; y < luminance.Height - 1; y++)
        {
            var above = luminance.Row(y - 1);
            var here = luminance.Row(y);
            var below = luminance.Row(y + 1);
            var acc = Vector<float>.Zero;
            int x = 0;
            for (; x <= inner - Vector<float>.Count; x += Vector<float>.Count)
            {
                // pixel (x+1, y) with its 3x3 neighbourhood starting at column x
                var a0 = new Vector<float>(above[x..]);
                var a1 = new Vector<float>(above[(x + 1)..]);
                var a2 = new Vector<float>(above[(x + 2)..]);
                var h0 = new Vector<float>(here[x..]);
                var h2 = new Vector<float>(here[(x + 2)..]);
                var b0 = new Vector<float>(below[x..]);
                var b1 = new Vector<float>(below[(x + 1)..]);
                var b2 = new Vector<float>(below[(x + 2)..]);
                var gx = (a2 - a0) + (two * (h2 - h0)) + (b2 - b0);
                var gy = (b0 + (two * b1) + b2) - (a0 + (two * a1) + a2);
                acc += (gx * gx) + (gy * gy);
            }

            double rowSum = Vector.Sum(acc);
            for (; x < inner; x++)
            {
                float gx = (above[x + 2] - above[x]) + (2 * (here[x + 2] - here[x])) + (below[x + 2] - below[x]);
                float gy = (below[x] + (2 * below[x + 1]) + below[x + 2]) - (above[x] + (2 * above[x + 1]) + above[x + 2]);
                rowSum += (gx * gx) + (gy * gy);
            }

            total += rowSum;
        }

        return total / ((double)inner * (luminance.Height - 2));
    }
}
