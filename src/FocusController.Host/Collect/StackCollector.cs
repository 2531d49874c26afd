using System.Globalization;
using FocusController.Camera;
using FocusController.Control;
using FocusController.Control.Calibration;
using FocusController.Imaging;
using FocusController.Imaging.Stacks;
using FocusController.Motion;

namespace FocusController.Host.Collect;

/// <summary>One step of a collection, for the progress bar (and tests).</summary>
public sealed record CollectProgress(int Field, int Fields, string Phase, int Image, int ImagesPerStack, double? ZUm, CapturedFrame? Frame);

/// <summary>
/// Acquires labelled stacks (docs/contracts.md) field by field: the classic search finds focus, a fine sweep moving up
/// through its peak fixes it to a fraction of the step (parabola), then the stack is taken from −range to +range
/// moving up only, starting below it so the knob's play is taken up; z = axis position − fitted focus. A stack is
/// listed in labels.csv only once all its images are on disk, so an interrupted run resumes: listed fields are
/// skipped, a partial one is deleted and taken again.
/// </summary>
public sealed class StackCollector(IFieldSource fields, LabelledStackWriter writer, ObjectiveProfile profile, FocusOptions focus, CollectOptions options)
{
    private const int MaxFineSweeps = 3;

    public IProgress<CollectProgress>? Progress { get; init; }

    /// <summary>Fields written by this run.</summary>
    public int Written { get; private set; }

    /// <summary>True when the technician ended the collection before all fields were written.</summary>
    public bool EndedByUser { get; private set; }

    /// <summary>Problems with single fields (no focus there), one line each.</summary>
    public List<string> Skipped { get; } = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var first = true;
        for (var index = 0; index < options.Fields; index++)
        {
            var stackId = StackPaths.StackId(index);
            if (writer.CompletedStacks.Contains(stackId))
            {
                continue;
            }

            var failures = 0;
            while (true)
            {
                var rig = await fields.NextFieldAsync(index, first, cancellationToken).ConfigureAwait(false);
                first = false;
                if (rig is null)
                {
                    EndedByUser = true;
                    return Written;
                }

                var problem = await CollectFieldAsync(rig, index, stackId, cancellationToken).ConfigureAwait(false);
                if (problem is null)
                {
                    Written++;
                    break;
                }

                Skipped.Add($"field {index + 1}: {problem}");
                if (++failures >= options.MaxFailedFields)
                {
                    throw new CollectException($"{failures} fields in a row without a stack ({problem}); check the specimen, the light and the travel limits");
                }
            }
        }

        return Written;
    }

    /// <summary>Writes one field's stack; returns why not when this field has no usable focus.</summary>
    private async Task<string?> CollectFieldAsync(FocusRig rig, int index, string stackId, CancellationToken cancellationToken)
    {
        Report(index, "focus", 0, null, null);
        var outcome = await new ClassicStrategy(rig, focus, profile).FocusAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.Result == FocusResult.Fault)
        {
            // the camera or the axis is in trouble: another field will not help
            throw new CollectException($"field {index + 1}: {outcome.Reason}; nothing more was moved");
        }

        if (!outcome.IsInFocus)
        {
            return $"no focus ({outcome.Reason})";
        }

        var drive = rig.Drive;
        var sampler = new AxisSampler(rig, options.Settle);
        var window = (Low: drive.MinPositionUm, High: drive.MaxPositionUm);
        Report(index, "fine focus", 0, null, null);
        var peak = await FinePeakAsync(sampler, drive.PositionUm, window, cancellationToken).ConfigureAwait(false);
        if (peak is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no focus peak near the classic search's result (the focus measure only rises towards the edge of {MaxFineSweeps} fine sweeps)");
        }

        var n = (int)Math.Round(options.RangeUm / options.StepUm);
        var lowest = peak.PositionUm - options.RangeUm;
        if (lowest - options.ApproachUm < drive.MinPositionUm || peak.PositionUm + options.RangeUm > drive.MaxPositionUm)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the stack around {peak.PositionUm:F2} um would cross the travel limits {drive.MinPositionUm}..{drive.MaxPositionUm} um");
        }

        // a stack not listed in labels.csv is partial: start it clean so no stale image of another focus fit remains
        var folder = Path.Combine(writer.Directory, StackPaths.StacksFolder, stackId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var builder = writer.BeginStack(stackId, fields.Kind);
        await sampler.MoveToAsync(lowest - options.ApproachUm, cancellationToken).ConfigureAwait(false);
        for (var k = -n; k <= n; k++)
        {
            var sample = await sampler.MoveAndSampleAsync(peak.PositionUm + (k * options.StepUm), estimate: false, cancellationToken).ConfigureAwait(false);
            var z = sample.PositionUm - peak.PositionUm;
            builder.Add(z, sample.Frame.Image);
            Report(index, "stack", builder.Count, z, sample.Frame);
        }

        // listed only now: everything before this point is redone on a resume
        cancellationToken.ThrowIfCancellationRequested();
        builder.Complete();

        // leave the field in focus, so the technician sees what the next field looks like sharp
        await sampler.MoveToAsync(peak.PositionUm, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// The fitted focus-measure peak near <paramref name="centreUm"/>: a fine sweep moving up around it, re-centred on
    /// its best frame and repeated while that frame lies on the sweep's edge (a broad or shifted peak, as a phase
    /// specimen's can be); null when no sweep brackets a peak.
    /// </summary>
    private async Task<FocusPeak?> FinePeakAsync(AxisSampler sampler, double centreUm, (double Low, double High) window, CancellationToken cancellationToken)
    {
        for (var sweep = 0; sweep < MaxFineSweeps; sweep++)
        {
            var samples = await sampler.SweepAsync(
                centreUm - options.FineHalfWidthUm, centreUm + options.FineHalfWidthUm, options.FineStepUm, options.ApproachUm, window, estimate: false, cancellationToken)
                .ConfigureAwait(false);
            if (FocusPeak.Fit([.. samples.Select(s => (s.PositionUm, s.Score))], options.PeakFitHalfWidthUm) is { } peak)
            {
                return peak;
            }

            centreUm = samples.MaxBy(s => s.Score)!.PositionUm;
        }

        return null;
    }

    private void Report(int index, string phase, int image, double? z, CapturedFrame? frame) =>
        Progress?.Report(new CollectProgress(index, options.Fields, phase, image, options.ImagesPerStack, z, frame));
}

/// <summary>The collection cannot go on (field after field without focus); the message says what to check.</summary>
public sealed class CollectException : Exception
{
    public CollectException()
    {
    }

    public CollectException(string message)
        : base(message)
    {
    }

    public CollectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
