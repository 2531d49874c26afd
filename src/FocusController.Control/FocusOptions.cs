using FocusController.Imaging;

namespace FocusController.Control;

/// <summary>
/// How autofocus and tracking behave; bound from the config section <see cref="SectionName"/> and checked at start
/// by <see cref="FocusOptionsValidator"/>. Distances are µm along the focus axis.
/// </summary>
public sealed class FocusOptions
{
    public const string SectionName = "Focus";

    /// <summary>
    /// How far from focus still counts as in focus; single-shot is done when |estimate| is below this times
    /// <see cref="InFocusReadingFraction"/>. Null means <see cref="ToleranceDofFraction"/> × depth of field.
    /// </summary>
    public double? ToleranceUm { get; set; }

    /// <summary>Tolerance as a fraction of the objective's depth of field when <see cref="ToleranceUm"/> is not set.</summary>
    public double ToleranceDofFraction { get; set; } = 1.0 / 3.0;

    /// <summary>
    /// Single-shot is done when |estimate| is below the tolerance times this. A model that reads a small defocus short
    /// (the shipped 20x model's reading grows about 0.6 µm per µm within a µm of focus) reads just under the tolerance
    /// when focus is up to twice as far. Null (the default) takes the model file's measured near-focus gain, between
    /// 0.2 and 1, and 1 when the file has none; 1 takes the reading at its word.
    /// </summary>
    public double? InFocusReadingFraction { get; set; }

    /// <summary>The fraction of the tolerance a reading must be under for a model with <paramref name="nearFocusGain"/>.</summary>
    internal double InFocusReadingFractionFor(double? nearFocusGain) =>
        InFocusReadingFraction ?? Math.Clamp(nearFocusGain ?? 1, MinInFocusReadingFraction, 1);

    /// <summary>Least in-focus reading fraction: below it, noise alone keeps most readings above the bar.</summary>
    internal const double MinInFocusReadingFraction = 0.2;

    /// <summary>Most single-shot corrections in one autofocus run before giving up with "no_convergence".</summary>
    public int MaxIterations { get; set; } = 6;

    /// <summary>Wait after every move before a frame may be exposed (vibration of the knob and stage dies down).</summary>
    public int SettleMs { get; set; } = 100;

    /// <summary>Estimates below this confidence are not acted on; they send the controller to the coarse search.</summary>
    public double ConfidenceThreshold { get; set; } = 0.5;

    /// <summary>An estimate at or beyond this fraction of the model's range means "at least this far" (saturated).</summary>
    public double OutOfRangeFraction { get; set; } = 0.9;

    /// <summary>Coarse search step as a fraction of the model's range; below 1.8 a step cannot jump over the in-range window.</summary>
    public double CoarseStepRangeFraction { get; set; } = 1.5;

    /// <summary>Coarse and classic searches stay within ± this of where the run started (and within the travel limits).</summary>
    public double SearchSpanUm { get; set; } = 50;

    /// <summary>Typical estimate noise; a move that makes |estimate| grow by more than this (and a quarter) is suspect.</summary>
    public double EstimateNoiseUm { get; set; } = 0.3;

    /// <summary>First step of the classic bracketing search.</summary>
    public double ClassicInitialStepUm { get; set; } = 4;

    /// <summary>Most frames the classic search may take.</summary>
    public int MaxClassicFrames { get; set; } = 40;

    /// <summary>Classic search: a peak less than this fraction above the lowest score is no peak (blank or featureless field).</summary>
    public double MinPeakContrast { get; set; } = 0.1;

    /// <summary>Targets are kept this far inside the travel limits (room for the drive's backlash approach).</summary>
    public double LimitMarginUm { get; set; }

    /// <summary>Tracking: no correction while |estimate| is below this; null means <see cref="DeadBandDofFraction"/> × depth of field.</summary>
    public double? DeadBandUm { get; set; }

    /// <summary>Dead band as a fraction of the depth of field when <see cref="DeadBandUm"/> is not set.</summary>
    public double DeadBandDofFraction { get; set; } = 0.5;

    /// <summary>Tracking: time between estimates.</summary>
    public double TrackingIntervalSeconds { get; set; } = 10;

    /// <summary>Tracking: at most one correction per this many seconds.</summary>
    public double MinCorrectionIntervalSeconds { get; set; } = 30;

    /// <summary>Tracking: largest single correction; a larger error is corrected over several intervals.</summary>
    public double MaxCorrectionUm { get; set; } = 2;

    /// <summary>
    /// Tracking: a correction is decided on the median of this many estimates taken since the last move, so one
    /// misread frame neither triggers a correction nor sizes it. With the default interval and rate limit the
    /// window fills before the next correction is allowed anyway; 1 acts on every single estimate.
    /// </summary>
    public int TrackingMedianOf { get; set; } = 3;

    /// <summary>
    /// Tracking holds the model's reading at the focus it was handed (the median of its first window of estimates,
    /// after autofocus or a person's focusing) instead of zero. The model reads each specimen a few tenths of a µm
    /// off, differently per specimen; holding zero would move a focused specimen to where the model reads zero. A
    /// first reading beyond twice the dead band is not taken for focus: then tracking holds zero.
    /// </summary>
    public bool TrackingHoldsLockedReading { get; set; } = true;

    /// <summary>
    /// Tracking: the fraction of the error one correction takes out. Near focus a window's median still misreads by a
    /// few tenths of a µm now and then, and a full correction turns each misread into a move out of focus; half a
    /// correction halves that, while drift of a few µm per hour is still followed at one correction per 30 s. With
    /// estimates far apart (a decision window that lets in drift of half the dead band or more) half corrections
    /// lag the drift: use 1 there.
    /// </summary>
    public double TrackingCorrectionGain { get; set; } = 0.5;

    /// <summary>
    /// Tracking: before a correction, a probe step of this fraction of the dead band the way the model says, with five
    /// frames read on each side of it. If the frames after the step read further from focus, the correction goes the
    /// other way. Within a dead band of focus the model's sign is least sure: a model can read a specimen a few tenths
    /// of a µm out on the wrong side, and following it moves the specimen out of the depth of field. 0 turns probing
    /// off.
    /// </summary>
    public double TrackingProbeFraction { get; set; } = 0.25;

    /// <summary>
    /// Tracking: frames of the specimen's own reference stack, taken once focus is held, at even steps across
    /// ±<see cref="TrackingReference.SpanDeadBandFraction"/> of the dead band around it (so every one of them is inside
    /// the band). Each later frame is matched against them (normalized cross-correlation) for its offset from the held
    /// focus, to a few hundredths of a µm and with the right sign on any specimen the model misreads; the model still
    /// says when the field is empty or focus is lost, and reads when the reference cannot (the specimen changed or slid
    /// away). 0 turns the reference off; otherwise 5 to 41.
    /// </summary>
    public int TrackingReferenceFrames { get; set; } = 11;

    /// <summary>
    /// Tracking: a frame whose best correlation with the reference is below this is not read from it (the model reads
    /// it); after <see cref="TrackingMedianOf"/> such frames in a row the reference is dropped and taken again once
    /// the model reads the specimen in focus.
    /// </summary>
    public double TrackingReferenceMinSimilarity { get; set; } = 0.6;

    /// <summary>The numbers a run uses, with the objective-dependent defaults filled in.</summary>
    internal FocusSettings Resolve(ObjectiveProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var dof = profile.DepthOfFieldUm;
        return new FocusSettings(
            ToleranceUm: ToleranceUm ?? (ToleranceDofFraction * dof),
            DeadBandUm: DeadBandUm ?? (DeadBandDofFraction * dof),
            Options: this);
    }
}

/// <summary>Options with the depth-of-field defaults resolved for one objective.</summary>
internal sealed record FocusSettings(double ToleranceUm, double DeadBandUm, FocusOptions Options)
{
    public TimeSpan Settle => TimeSpan.FromMilliseconds(Options.SettleMs);
}
