namespace FocusController.Control.Tests;

public sealed class MoveResponseTests
{
    [Theory]
    [InlineData(8.0, -8.0, 0.1, MoveVerdict.AsExpected)]
    [InlineData(8.0, -8.0, 10.0, MoveVerdict.Reversed)]
    [InlineData(8.0, -8.0, 16.0, MoveVerdict.Reversed)]
    [InlineData(8.0, -8.0, 3.2, MoveVerdict.AsExpected)]
    [InlineData(8.0, -8.0, 7.9, MoveVerdict.NoResponse)]
    [InlineData(8.0, -8.0, -12.0, MoveVerdict.Overshoot)]
    [InlineData(0.5, -0.5, 1.0, MoveVerdict.TooSmallToJudge)]
    public void Judges_a_correction_by_the_estimates_around_it(double before, double expected, double after, MoveVerdict verdict)
    {
        Assert.Equal(verdict, MoveResponse.Judge(before, expected, after, noiseUm: 0.3).Verdict);
    }

    [Fact]
    public void Gain_is_the_fraction_of_the_expected_change_that_happened()
    {
        Assert.Equal(0.6, MoveResponse.Judge(8, -8, 3.2, 0.3).Gain, 9);
    }
}
