namespace FocusController.Control.Tests.Fakes;

/// <summary>Seeded normal noise (Box–Muller), so every run of a test sees the same numbers.</summary>
internal sealed class GaussianNoise(int seed)
{
    private readonly Random _random = new(seed);

    public double Next(double sigma)
    {
        if (sigma == 0)
        {
            return 0;
        }

        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
