using FocusController.Imaging;

namespace FocusController.Inference;

/// <summary>Estimates the signed defocus of one frame (sign as in docs/contracts.md).</summary>
public interface IDefocusEstimator
{
    /// <summary>The model's trained range, ± µm: an estimate near it means "at least this far".</summary>
    double RangeUm { get; }

    /// <summary>
    /// How much the reading grows per µm of true defocus within a µm of focus, as measured on held-out stacks (the
    /// model file's <c>near_focus_gain</c>); null when unknown. Below 1 the model reads a small defocus short.
    /// </summary>
    double? NearFocusGain { get; }

    DefocusEstimate Estimate(RgbImage frame);
}

public enum EstimateStatus
{
    /// <summary>Enough patches had content; <see cref="DefocusEstimate.DefocusUm"/> is a number.</summary>
    Ok,

    /// <summary>Too few usable patches (blank, saturated or dark field): no number is given.</summary>
    NoContent,
}

/// <summary>
/// One frame's estimate: the robust combination of its patches (the paper's Eq. 6), how much they agree,
/// and each patch for logs and annotation.
/// </summary>
public sealed record DefocusEstimate(
    EstimateStatus Status,
    double DefocusUm,
    double Confidence,
    IReadOnlyList<PatchEstimate> Patches,
    TimeSpan Elapsed)
{
    public bool HasValue => Status == EstimateStatus.Ok;
}

/// <summary>One patch: its top-left corner in the frame, its estimate (NaN when not run) and whether it was used.</summary>
public sealed record PatchEstimate(int X, int Y, double DefocusUm, bool Used, string? RejectedBecause);
