namespace FocusController.Camera.Tests;

public class ReconnectBackoffTests
{
    [Fact]
    public void Delays_double_from_half_a_second_and_cap_at_thirty()
    {
        var backoff = new ReconnectBackoff();

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_delay()
    {
        var backoff = new ReconnectBackoff();
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(0.5), backoff.Next());
    }
}
