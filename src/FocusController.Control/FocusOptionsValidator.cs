using System.Globalization;
using Microsoft.Extensions.Options;

namespace FocusController.Control;

/// <summary>Checks <see cref="FocusOptions"/> at start; each failure names the key, the value and what is allowed.</summary>
public sealed class FocusOptionsValidator : IValidateOptions<FocusOptions>
{
    public ValidateOptionsResult Validate(string? name, FocusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.ToleranceUm is { } tolerance)
        {
            Range(failures, nameof(FocusOptions.ToleranceUm), tolerance, 0.01, 20);
        }

        Range(failures, nameof(FocusOptions.ToleranceDofFraction), options.ToleranceDofFraction, 0.05, 2);
        Range(failures, nameof(FocusOptions.MaxIterations), options.MaxIterations, 1, 50);
        Range(failures, nameof(FocusOptions.SettleMs), options.SettleMs, 0, 10_000);
        Range(failures, nameof(FocusOptions.ConfidenceThreshold), options.ConfidenceThreshold, 0, 1);
        Range(failures, nameof(FocusOptions.OutOfRangeFraction), options.OutOfRangeFraction, 0.5, 1);
        Range(failures, nameof(FocusOptions.CoarseStepRangeFraction), options.CoarseStepRangeFraction, 0.25, 1.8);
        Range(failures, nameof(FocusOptions.SearchSpanUm), options.SearchSpanUm, 1, 10_000);
        Range(failures, nameof(FocusOptions.EstimateNoiseUm), options.EstimateNoiseUm, 0, 10);
        Range(failures, nameof(FocusOptions.ClassicInitialStepUm), options.ClassicInitialStepUm, 0.1, 1_000);
        Range(failures, nameof(FocusOptions.MaxClassicFrames), options.MaxClassicFrames, 5, 500);
        Range(failures, nameof(FocusOptions.MinPeakContrast), options.MinPeakContrast, 0, 10);
        Range(failures, nameof(FocusOptions.LimitMarginUm), options.LimitMarginUm, 0, 1_000);
        if (options.DeadBandUm is { } deadBand)
        {
            Range(failures, nameof(FocusOptions.DeadBandUm), deadBand, 0.01, 50);
        }

        Range(failures, nameof(FocusOptions.DeadBandDofFraction), options.DeadBandDofFraction, 0.05, 5);
        Range(failures, nameof(FocusOptions.TrackingIntervalSeconds), options.TrackingIntervalSeconds, 0.1, 3_600);
        Range(failures, nameof(FocusOptions.MinCorrectionIntervalSeconds), options.MinCorrectionIntervalSeconds, 0, 86_400);
        Range(failures, nameof(FocusOptions.MaxCorrectionUm), options.MaxCorrectionUm, 0.01, 1_000);
        Range(failures, nameof(FocusOptions.TrackingMedianOf), options.TrackingMedianOf, 1, 15);
        Range(failures, nameof(FocusOptions.TrackingCorrectionGain), options.TrackingCorrectionGain, 0.1, 1);
        Range(failures, nameof(FocusOptions.TrackingProbeFraction), options.TrackingProbeFraction, 0, 0.5);
        if (options.TrackingReferenceFrames is not 0 and (< TrackingReference.MinFrames or > TrackingReference.MaxFrames))
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{FocusOptions.SectionName}:{nameof(FocusOptions.TrackingReferenceFrames)} is {options.TrackingReferenceFrames}; allowed: 0 (off) or {TrackingReference.MinFrames} to {TrackingReference.MaxFrames}"));
        }

        Range(failures, nameof(FocusOptions.TrackingReferenceMinSimilarity), options.TrackingReferenceMinSimilarity, 0.1, 0.99);
        if (options.InFocusReadingFraction is { } fraction)
        {
            Range(failures, nameof(FocusOptions.InFocusReadingFraction), fraction, FocusOptions.MinInFocusReadingFraction, 1);
        }

        // a dead band inside the tolerance would make tracking chase noise that autofocus already calls "in focus"
        if (options.DeadBandUm is { } band && options.ToleranceUm is { } tol && band < tol)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{FocusOptions.SectionName}:{nameof(FocusOptions.DeadBandUm)} is {band}; allowed: at least {FocusOptions.SectionName}:{nameof(FocusOptions.ToleranceUm)} ({tol})"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{FocusOptions.SectionName}:{key} is {value}; allowed: {min} to {max}"));
        }
    }
}
