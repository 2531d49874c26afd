using System.Numerics;
using FocusController.Simulation.Fourier;

namespace FocusController.Simulation.Tests;

public class FftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    public void Forward_matches_the_direct_DFT(int n)
    {
        var random = new Random(n);
        var data = Enumerable.Range(0, n).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var expected = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            for (int x = 0; x < n; x++)
            {
                expected[k] += data[x] * Complex.FromPolarCoordinates(1, -2 * Math.PI * k * x / n);
            }
        }

        Radix2Fft.ForLength(n).Forward(data);

        for (int k = 0; k < n; k++)
        {
            Assert.True(Complex.Abs(expected[k] - data[k]) < 1e-10, $"bin {k}: {data[k]} vs {expected[k]}");
        }
    }

    [Fact]
    public void Two_dimensional_transform_matches_the_direct_DFT_and_inverts()
    {
        const int W = 16, H = 8;
        var random = new Random(3);
        var data = Enumerable.Range(0, W * H).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray();
        var original = (Complex[])data.Clone();

        Fft2D.Forward(data, W, H);

        for (int ky = 0; ky < H; ky++)
        {
            for (int kx = 0; kx < W; kx++)
            {
                Complex sum = 0;
                for (int y = 0; y < H; y++)
                {
                    for (int x = 0; x < W; x++)
                    {
                        sum += original[(y * W) + x] * Complex.FromPolarCoordinates(1, -2 * Math.PI * (((double)kx * x / W) + ((double)ky * y / H)));
                    }
                }

                Assert.True(Complex.Abs(sum - data[(ky * W) + kx]) < 1e-9, $"bin ({kx},{ky})");
            }
        }

        Fft2D.InverseScaled(data, W, H);
        for (int i = 0; i < data.Length; i++)
        {
            Assert.True(Complex.Abs(original[i] - data[i]) < 1e-12);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(100)]
    public void Lengths_that_are_not_powers_of_two_are_refused(int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Radix2Fft.ForLength(n));
}
