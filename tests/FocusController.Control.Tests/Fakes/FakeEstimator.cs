using FocusController.Inference;
using FocusController.Imaging;

namespace FocusController.Control.Tests.Fakes;

/// <summary>
/// The model as the controller sees it: the true defocus plus noise, saturated at ±<see cref="RangeUm"/>,
/// NoContent on a blank field, and a confidence that can be made low.
/// </summary>
internal sealed class FakeEstimator(FakeMicroscope microscope, int seed) : IDefocusEstimator
{
    private readonly GaussianNoise _noise = new(seed);

    public double RangeUm { get; set; } = 10;

    public double NoiseUm { get; set; } = 0.1;

    /// <summary>What the model file would say of its near-focus reading (none by default).</summary>
    public double? NearFocusGain { get; set; }

    public double Confidence { get; set; } = 0.9;

    /// <summary>Confidence of estimates when the truth lies beyond the range.</summary>
    public double ConfidenceBeyondRange { get; set; } = 0.9;

    public int Calls { get; private set; }

    /// <summary>What the model reads at a true defocus, before noise: the truth by default; near focus a real one over- or under-reads.</summary>
    public Func<double, double> Reading { get; set; } = z => z;

    /// <summary>When set, every estimate is this value: a model that cannot read the specimen.</summary>
    public double? StuckAtUm { get; set; }

    /// <summary>When above 0, every this-many-th estimate is off by <see cref="OutlierUm"/>, alternately up and down: a misread frame.</summary>
    public int OutlierEvery { get; set; }

    public double OutlierUm { get; set; }

    public int Outliers { get; private set; }

    public DefocusEstimate Estimate(RgbImage frame)
    {
        Calls++;
        var truth = microscope.TruthOf(frame);
        if (truth.Blank)
        {
            return new DefocusEstimate(EstimateStatus.NoContent, double.NaN, 0, [], TimeSpan.Zero);
        }

        var misread = 0.0;
        if (OutlierEvery > 0 && Calls % OutlierEvery == 0)
        {
            misread = Outliers++ % 2 == 0 ? OutlierUm : -OutlierUm;
        }

        var value = StuckAtUm ?? Math.Clamp(Reading(truth.DefocusUm) + _noise.Next(NoiseUm) + misread, -RangeUm, RangeUm);
        var confidence = Math.Abs(truth.DefocusUm) > RangeUm ? ConfidenceBeyondRange : Confidence;
        return new DefocusEstimate(EstimateStatus.Ok, value, confidence, [], TimeSpan.Zero);
    }
}
