namespace FocusController.Inference.Tests;

public class PatchCombinerTests
{
    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(2.0, PatchCombiner.Combine(new double[] { 3, 1, 2 }, PatchCombination.Median, 0.2).Value);
        Assert.Equal(2.5, PatchCombiner.Combine(new double[] { 4, 1, 3, 2 }, PatchCombination.Median, 0.2).Value);
    }

    [Fact]
    public void Trimmed_mean_drops_the_extremes()
    {
        double[] values = [1, 2, 3, 4, 100];

        var combined = PatchCombiner.Combine(values, PatchCombination.TrimmedMean, 0.2);

        Assert.Equal(3.0, combined.Value, 12);
    }

    [Fact]
    public void Spread_is_the_scaled_median_absolute_deviation_and_ignores_one_outlier()
    {
        double[] values = [1, 2, 3, 4, 1000];

        var combined = PatchCombiner.Combine(values, PatchCombination.Median, 0.2);

        // deviations from the median 3: 2,1,0,1,997 -> median 1
        Assert.Equal(1.4826, combined.Spread, 12);
    }

    [Fact]
    public void Empty_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PatchCombiner.Combine(Span<double>.Empty, PatchCombination.Median, 0.2));
    }
}
