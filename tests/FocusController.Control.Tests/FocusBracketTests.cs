namespace FocusController.Control.Tests;

public sealed class FocusBracketTests
{
    [Fact]
    public void Interpolates_the_zero_between_the_latest_reading_on_each_side()
    {
        var bracket = new FocusBracket();
        bracket.Add(10, -2);
        bracket.Add(11, -1);   // replaces the reading at 10: the nearer one on that side
        bracket.Add(13, 3);

        Assert.True(bracket.TryGetZero(1, out var zero, out var width));
        Assert.Equal(11.5, zero, 9);
        Assert.Equal(2, width, 9);
    }

    [Fact]
    public void One_side_only_brackets_nothing()
    {
        var bracket = new FocusBracket();
        bracket.Add(10, -2);
        bracket.Add(12, -0.5);
        bracket.Add(12.5, 0);   // zero is on neither side

        Assert.False(bracket.TryGetZero(1, out _, out _));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(-1, true)]
    public void Sides_the_wrong_way_round_for_the_axis_sign_bracket_nothing(double axisSign, bool brackets)
    {
        // the negative reading lies at the higher position: only an axis whose defocus falls with position explains it
        var bracket = new FocusBracket();
        bracket.Add(14, -1);
        bracket.Add(12, 1);

        Assert.Equal(brackets, bracket.TryGetZero(axisSign, out var zero, out _));
        if (brackets)
        {
            Assert.Equal(13, zero, 9);
        }
    }

    [Fact]
    public void Clear_forgets_both_sides()
    {
        var bracket = new FocusBracket();
        bracket.Add(10, -1);
        bracket.Add(12, 1);

        bracket.Clear();

        Assert.False(bracket.TryGetZero(1, out _, out _));
    }
}
