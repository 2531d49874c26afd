namespace FocusController.Control.Calibration;

/// <summary>
/// A straight line through points with outliers: Theil–Sen (the median of the pairwise slopes) finds the line a
/// minority of wild points cannot move, then least squares on the points within three robust standard deviations of
/// it gives the precise slope and its standard error.
/// </summary>
public sealed record RobustLine(double Slope, double Intercept, double SlopeStandardError, double ResidualRms, int Inliers, int Points)
{
    public static RobustLine? Fit(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 3)
        {
            return null;
        }

        var slopes = new List<double>(points.Count * (points.Count - 1) / 2);
        for (var i = 0; i < points.Count; i++)
        {
            for (var j = i + 1; j < points.Count; j++)
            {
                var dx = points[j].X - points[i].X;
                if (Math.Abs(dx) > 1e-9)
                {
                    slopes.Add((points[j].Y - points[i].Y) / dx);
                }
            }
        }

        if (slopes.Count == 0)
        {
            return null;
        }

        var slope = Medians.Of(slopes);
        var intercept = Medians.Of(points.Select(p => p.Y - (slope * p.X)).ToList());
        var residuals = points.Select(p => Math.Abs(p.Y - (slope * p.X) - intercept)).ToList();

        // 1.4826 × MAD estimates σ for normal noise; a floor keeps noiseless data from rejecting rounding
        var sigma = Math.Max(1.4826 * Medians.Of(residuals), 1e-6);
        var inliers = points.Where((_, i) => residuals[i] <= 3 * sigma).ToArray();
        if (inliers.Length < 3)
        {
            return new RobustLine(slope, intercept, double.PositiveInfinity, sigma, inliers.Length, points.Count);
        }

        var meanX = inliers.Average(p => p.X);
        var meanY = inliers.Average(p => p.Y);
        var sxx = inliers.Sum(p => (p.X - meanX) * (p.X - meanX));
        if (sxx < 1e-12)
        {
            return null;
        }

        var sxy = inliers.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var fitSlope = sxy / sxx;
        var fitIntercept = meanY - (fitSlope * meanX);
        var sse = inliers.Sum(p => Math.Pow(p.Y - (fitSlope * p.X) - fitIntercept, 2));
        var rms = Math.Sqrt(sse / inliers.Length);
        var standardError = Math.Sqrt(sse / Math.Max(1, inliers.Length - 2) / sxx);
        return new RobustLine(fitSlope, fitIntercept, standardError, rms, inliers.Length, points.Count);
    }
}
