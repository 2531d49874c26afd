using System.Globalization;
using FocusController.Imaging.Tiling;

namespace FocusController.Inference;

/// <summary>How a frame becomes one estimate: the patch grid, the content test, and the combination. Validated at start.</summary>
public sealed record DefocusEstimatorOptions
{
    public PatchGridOptions Grid { get; init; } = new();

    public PatchContentCriteria Content { get; init; } = new();

    /// <summary>
    /// Least fraction of the grid's patches that must pass the content test for a number to be given;
    /// below it the status is NoContent. At least one patch is always required.
    /// </summary>
    public double MinUsableFraction { get; init; } = 0.3;

    public PatchCombination Combination { get; init; } = PatchCombination.Median;

    /// <summary>Dropped from each end by <see cref="PatchCombination.TrimmedMean"/>.</summary>
    public double TrimFraction { get; init; } = 0.2;

    /// <summary>
    /// Patch spread (µm, robust σ) at which agreement falls to 1/e. About the depth of field of a 20x/0.75:
    /// patches that disagree by more than the depth of field do not describe one focus.
    /// </summary>
    public double AgreementScaleUm { get; init; } = 1.5;

    /// <summary>
    /// Views of each patch the model reads and averages (<see cref="PatchView.First"/>): 1 (as seen), 4 or 8. Each view
    /// is one more run of the network per patch.
    /// </summary>
    public int Views { get; init; } = 1;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Grid);
        ArgumentNullException.ThrowIfNull(Content);
        Grid.Validate();
        Content.Validate();
        if (MinUsableFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinUsableFraction), MinUsableFraction, "min usable fraction must be 0..1");
        }

        if (!PatchView.Counts.Contains(Views))
        {
            throw new ArgumentOutOfRangeException(nameof(Views), Views, $"views must be one of {string.Join(", ", PatchView.Counts)}");
        }

        if (TrimFraction is < 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(TrimFraction), TrimFraction, "trim fraction must be in [0, 0.5)");
        }

        if (!(AgreementScaleUm > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(AgreementScaleUm),
                AgreementScaleUm,
                string.Create(CultureInfo.InvariantCulture, $"agreement scale must be > 0 µm, got {AgreementScaleUm}"));
        }
    }

    /// <summary>Usable patches needed out of <paramref name="patchCount"/>.</summary>
    public int RequiredPatches(int patchCount) => Math.Max(1, (int)Math.Ceiling((MinUsableFraction * patchCount) - 1e-9));
}
