using FocusController.Control.Calibration;
using FocusController.Control.Tests.Fakes;

namespace FocusController.Control.Tests;

public sealed class FocusPeakTests
{
    [Theory]
    [InlineData(0.37)]
    [InlineData(-1.12)]
    [InlineData(2.0)]
    public void The_parabola_finds_a_symmetric_peak_between_samples(double truePeak)
    {
        var noise = new GaussianNoise(3);
        var samples = Enumerable.Range(-12, 25)
            .Select(i => i * 0.25)
            .Select(x => (x, 1 / (1 + Math.Pow((x - truePeak) / 3, 2)) * (1 + noise.Next(0.002))))
            .ToList();

        var peak = FocusPeak.Fit(samples, halfWidthUm: 1);

        Assert.NotNull(peak);
        Assert.Equal(truePeak, peak.PositionUm, 0.05);
    }

    [Fact]
    public void A_curve_still_rising_at_the_edge_has_no_peak()
    {
        var samples = Enumerable.Range(0, 10).Select(i => (i * 0.25, (double)i)).ToList();

        Assert.Null(FocusPeak.Fit(samples, 1));
    }

    [Fact]
    public void The_line_ignores_a_few_wild_points()
    {
        var noise = new GaussianNoise(5);
        var points = Enumerable.Range(0, 40).Select(i => (X: i * 0.5, Y: (-0.8 * i * 0.5) + 3 + noise.Next(0.3))).ToList();
        points[5] = (points[5].X, 40);
        points[17] = (points[17].X, -35);
        points[30] = (points[30].X, 12);

        var line = RobustLine.Fit(points);

        Assert.NotNull(line);
        Assert.Equal(-0.8, line.Slope, 0.03);
        Assert.InRange(line.Inliers, 34, 37);
        Assert.Equal(40, line.Points);
        Assert.InRange(line.SlopeStandardError, 0.001, 0.02);
    }
}
