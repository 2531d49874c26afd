using System.Numerics;

namespace FocusController.Imaging.FocusMeasures;

/// <summary>Variance of the 4-neighbour Laplacian over the interior pixels (Pech-Pacheco et al. 2000).</summary>
public sealed class VarianceOfLaplacian : LuminanceFocusMeasure
{
    public override string Name => "laplacian-variance";

    public override double Score(LuminanceBuffer luminance)
    {
        RequireAtLeast(luminance, 3, 3, Name);
        int inner = luminance.Width - 2;
        var four = new Vector<float>(4f);
        double sum = 0;
        double sumSquares = 0;
        for (int y = 1; y < luminance.Height - 1; y++)
        {
            var above = luminance.Row(y - 1);
            var here = luminance.Row(y);
            var below = luminance.Row(y + 1);
            var acc = Vector<float>.Zero;
            var accSquares = Vector<float>.Zero;
            int x = 0;
            for (; x <= inner - Vector<float>.Count; x += Vector<float>.Count)
            {
                var laplacian = new Vector<float>(above[(x + 1)..]) + new Vector<float>(below[(x + 1)..])
                    + new Vector<float>(here[x..]) + new Vector<float>(here[(x + 2)..])
                    - (four * new Vector<float>(here[(x + 1)..]));
                acc += laplacian;
                accSquares += laplacian * laplacian;
            }

            double rowSum = Vector.Sum(acc);
            double rowSquares = Vector.Sum(accSquares);
            for (; x < inner; x++)
            {
                float laplacian = above[x + 1] + below[x + 1] + here[x] + here[x + 2] - (4 * here[x + 1]);
                rowSum += laplacian;
                rowSquares += laplacian * laplacian;
            }

            sum += rowSum;
            sumSquares += rowSquares;
        }

        double count = (double)inner * (luminance.Height - 2);
        double mean = sum / count;
        return Math.Max(0, (sumSquares / count) - (mean * mean));
    }
}
