using FocusController.Imaging;

namespace FocusController.Control.Tests.Fakes;

/// <summary>A classic sharpness score peaked at focus: 1/(1+(z/w)²) with relative noise, over a noisy floor.</summary>
internal sealed class FakeFocusMeasure(FakeMicroscope microscope, int seed) : IFocusMeasure
{
    private readonly GaussianNoise _noise = new(seed);

    public string Name => "fake-lorentzian";

    public double WidthUm { get; set; } = 3;

    public double Floor { get; set; } = 0.05;

    public double RelativeNoise { get; set; } = 0.005;

    public double FloorNoise { get; set; } = 0.0005;

    public int Calls { get; private set; }

    public double Score(RgbImage image)
    {
        Calls++;
        var truth = microscope.TruthOf(image);
        var floor = Floor + _noise.Next(FloorNoise);
        if (truth.Blank)
        {
            return floor;
        }

        var z = truth.DefocusUm / WidthUm;
        return floor + ((1 / (1 + (z * z))) * (1 + _noise.Next(RelativeNoise)));
    }
}
