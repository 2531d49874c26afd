using FocusController.Imaging;
using FocusController.Imaging.Reference;

namespace FocusController.Control;

/// <summary>
/// Tracking's reference stack: frames of the held specimen taken at known axis offsets around the focus tracking
/// holds, and the offset of each later frame read from them (<see cref="ThroughFocusReference"/>). Offsets are in axis
/// µm from the held position, so a correction is simply minus the reading, whichever way the axis runs; and they are
/// the specimen's own, so a model's bias on this specimen, or a wrong sign over a few tenths of a µm, does not enter.
/// </summary>
internal sealed class TrackingReference
{
    public const int MinFrames = 5;
    public const int MaxFrames = 41;

    /// <summary>
    /// The stack spans this fraction of the dead band on each side of the held focus: every frame of it is inside the
    /// band, so taking it never leaves focus by more than tracking allows.
    /// </summary>
    public const double SpanDeadBandFraction = 2.0 / 3;

    /// <summary>
    /// A reference reading is good to a few hundredths of a µm, so it is corrected from half the dead band on: the
    /// specimen stays nearer the held focus, and a reading past the stack's edge (a bound) is always corrected.
    /// </summary>
    public const double CorrectFromDeadBandFraction = 0.5;

    private readonly ThroughFocusReference _stack;

    private TrackingReference(ThroughFocusReference stack) => _stack = stack;

    public int Frames => _stack.Count;

    /// <summary>Whether frames of this size are large enough to take a reference from.</summary>
    public static bool CanTake(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new ThroughFocusReference().Fits(frame.Width, frame.Height);
    }

    /// <summary>
    /// Takes <see cref="FocusOptions.TrackingReferenceFrames"/> frames at even steps across the span around
    /// <paramref name="heldAtUm"/>, from below to above (one approach direction for all but the first move), then
    /// returns the axis there. Null, with the axis back where it was, when the span does not fit inside
    /// <paramref name="window"/> or a frame cannot serve (flat, or of another size).
    /// </summary>
    public static async Task<TrackingReference?> TakeAsync(
        FocusRig rig, FocusSettings settings, double heldAtUm, (double Low, double High) window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(settings);
        int frames = settings.Options.TrackingReferenceFrames;
        double span = SpanDeadBandFraction * settings.DeadBandUm;
        if (frames < MinFrames || heldAtUm - span < window.Low || heldAtUm + span > window.High)
        {
            return null;
        }

        var stack = new ThroughFocusReference();
        double step = 2 * span / (frames - 1);
        try
        {
            for (int i = 0; i < frames; i++)
            {
                await rig.Drive.MoveToAsync(heldAtUm - span + (i * step), cancellationToken).ConfigureAwait(false);
                var frame = await rig.Camera.GetFrameAsync(rig.Time.GetUtcNow() + settings.Settle, cancellationToken).ConfigureAwait(false);
                stack.Add(rig.Drive.PositionUm - heldAtUm, frame.Image);
            }
        }
        catch (ArgumentException)
        {
            // a flat frame or a camera that changed mode part way: no reference this time
            stack = null;
        }

        await rig.Drive.MoveToAsync(heldAtUm, cancellationToken).ConfigureAwait(false);
        return stack is null ? null : new TrackingReference(stack);
    }

    /// <summary>Where <paramref name="frame"/> sits among the reference frames.</summary>
    public ReferenceMatch Read(RgbImage frame) => _stack.Locate(frame);
}
