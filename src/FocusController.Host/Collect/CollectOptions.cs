using System.Globalization;

namespace FocusController.Host.Collect;

/// <summary>What `focusctl collect` acquires per field and how finely it finds focus first. Distances in µm.</summary>
public sealed record CollectOptions
{
    /// <summary>Each stack spans z from −range to +range.</summary>
    public double RangeUm { get; init; } = 10;

    public double StepUm { get; init; } = 0.5;

    public int Fields { get; init; } = 10;

    /// <summary>Step of the sweep through the classic search's peak whose parabola gives the focus position.</summary>
    public double FineStepUm { get; init; } = 0.25;

    /// <summary>That sweep covers ± this around where the classic search stopped.</summary>
    public double FineHalfWidthUm { get; init; } = 1.5;

    /// <summary>Half-width of the parabola fitted to the peak.</summary>
    public double PeakFitHalfWidthUm { get; init; } = 1;

    /// <summary>Every sweep starts this far below its first point, so the knob's play is taken up moving up.</summary>
    public double ApproachUm { get; init; } = 5;

    /// <summary>Fields in a row without a focus peak before the collection stops (wrong light, no specimen).</summary>
    public int MaxFailedFields { get; init; } = 3;

    public TimeSpan Settle { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Images in one stack.</summary>
    public int ImagesPerStack => (2 * (int)Math.Round(RangeUm / StepUm)) + 1;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Fields is < 1 or > 100_000)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Fields = {Fields}: allowed 1 to 100000"));
        }

        if (!(FineStepUm > 0 && FineHalfWidthUm >= 2 * FineStepUm && PeakFitHalfWidthUm >= FineStepUm && ApproachUm >= 0))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"fine sweep: step {FineStepUm}, half-width {FineHalfWidthUm}, fit {PeakFitHalfWidthUm}, approach {ApproachUm} do not fit together"));
        }

        return errors;
    }
}
