using FocusController.Control.Tests.Fakes;

namespace FocusController.Control.Tests;

public sealed class FocusStrategiesTests
{
    [Theory]
    [InlineData("auto", true, "single-shot")]
    [InlineData("auto", false, "classic")]
    [InlineData("Single-Shot", true, "single-shot")]
    [InlineData("classic", true, "classic")]
    public void Builds_the_strategy_by_name(string name, bool withModel, string expected)
    {
        var scope = new FakeMicroscope(1);

        var strategy = FocusStrategies.Create(name, scope.Rig(withModel), new FocusOptions(), scope.Profile);

        Assert.Equal(expected, strategy.Name);
    }

    [Fact]
    public void Unknown_name_lists_the_known_ones()
    {
        var scope = new FakeMicroscope(1);

        var ex = Assert.Throws<ArgumentException>(() => FocusStrategies.Create("brent", scope.Rig(), new FocusOptions(), scope.Profile));

        Assert.StartsWith("unknown focus strategy 'brent'; known strategies: auto, single-shot, classic", ex.Message, StringComparison.Ordinal);
    }
}
