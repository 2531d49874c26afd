using System.Numerics;

namespace FocusController.Imaging.FocusMeasures;

/// <summary>Brenner's gradient: mean of (I(x+2,y) − I(x,y))² over the image (Brenner et al. 1976).</summary>
public sealed class BrennerGradient : LuminanceFocusMeasure
{
    public override string Name => "brenner";

    public override double Score(LuminanceBuffer luminance)
    {
        RequireAtLeast(luminance, 3, 1, Name);
        int width = luminance.Width;
        int terms = width - 2;
        double total = 0;
        for (int y = 0; y < luminance.Height; y++)
        {
            var row = luminance.Row(y);
            var near = row[..terms];
            var far = row[2..];
            var acc = Vector<float>.Zero;
            int x = 0;
            for (; x <= terms - Vector<float>.Count; x += Vector<float>.Count)
            {
                var d = new Vector<float>(far[x..]) - new Vector<float>(near[x..]);
                acc += d * d;
            }

            double rowSum = Vector.Sum(acc);
            for (; x < terms; x++)
            {
                float d = far[x] - near[x];
                rowSum += d * d;
            }

            total += rowSum;
        }

        return total / ((double)terms * luminance.Height);
    }
}
