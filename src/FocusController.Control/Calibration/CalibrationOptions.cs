using System.Globalization;

namespace FocusController.Control.Calibration;

/// <summary>
/// How far and how finely <see cref="StageCalibration"/> sweeps. Distances are in the axis's commanded µm (the
/// config's current scale, which calibration is there to correct).
/// </summary>
public sealed record CalibrationOptions
{
    /// <summary>Every move stays within ± this of where calibration starts; focus must lie inside it.</summary>
    public double RangeUm { get; init; } = 20;

    /// <summary>Step of the first sweep that finds the focus peak.</summary>
    public double CoarseStepUm { get; init; } = 1;

    /// <summary>Step of the two sweeps through the peak whose offset is the backlash.</summary>
    public double FineStepUm { get; init; } = 0.25;

    /// <summary>Half-width of those two sweeps around the coarse peak.</summary>
    public double PeakSweepHalfWidthUm { get; init; } = 3;

    /// <summary>Half-width of the parabola fitted to each peak.</summary>
    public double PeakFitHalfWidthUm { get; init; } = 1;

    /// <summary>Step of the sweep whose model estimates give direction and µm per step.</summary>
    public double FitStepUm { get; init; } = 0.5;

    /// <summary>
    /// Each sweep starts this far beyond its first point so the play is taken up; the largest backlash that can be
    /// measured (a larger one shows as a smaller figure).
    /// </summary>
    public double ApproachUm { get; init; } = 10;

    /// <summary>Estimates beyond this fraction of the model's range saturate ("at least this far") and are not fitted.</summary>
    public double TrustedRangeFraction { get; init; } = 0.7;

    /// <summary>
    /// The µm per microstep is reported only when the slope's relative standard error is below this; a model whose
    /// estimates scatter more (an under-trained one, or a specimen it cannot read) leaves the scale as configured.
    /// </summary>
    public double MaxScaleUncertainty { get; init; } = 0.025;

    /// <summary>A peak less than this fraction above the lowest score is no peak (blank or featureless field).</summary>
    public double MinPeakContrast { get; init; } = 0.1;

    public TimeSpan Settle { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Problems as "name = value: allowed ..." lines; empty when the options can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, nameof(RangeUm), RangeUm, 2, 200);
        Check(errors, nameof(CoarseStepUm), CoarseStepUm, 0.05, RangeUm / 4);
        Check(errors, nameof(FineStepUm), FineStepUm, 0.01, CoarseStepUm);
        Check(errors, nameof(PeakSweepHalfWidthUm), PeakSweepHalfWidthUm, CoarseStepUm, RangeUm);
        Check(errors, nameof(PeakFitHalfWidthUm), PeakFitHalfWidthUm, FineStepUm, PeakSweepHalfWidthUm);
        Check(errors, nameof(FitStepUm), FitStepUm, 0.01, RangeUm / 4);
        Check(errors, nameof(ApproachUm), ApproachUm, 0, 100);
        Check(errors, nameof(TrustedRangeFraction), TrustedRangeFraction, 0.1, 1);
        Check(errors, nameof(MinPeakContrast), MinPeakContrast, 0, 1);
        Check(errors, nameof(MaxScaleUncertainty), MaxScaleUncertainty, 0.001, 1);
        if (Settle < TimeSpan.Zero || Settle > TimeSpan.FromSeconds(10))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Settle = {Settle.TotalMilliseconds} ms: allowed 0 to 10000 ms"));
        }

        return errors;
    }

    private static void Check(List<string> errors, string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} = {value}: allowed {min} to {max}"));
        }
    }
}
