using System.Diagnostics;
using FocusController.Imaging;
using FocusController.Imaging.Tiling;

namespace FocusController.Inference;

/// <summary>
/// The paper's Eq. 6: cut the frame into a grid of patches, discard those the content test (σ) rejects,
/// estimate the rest in one batched run of the model, and combine them robustly. Confidence is the patches'
/// agreement, exp(−spread / <see cref="DefocusEstimatorOptions.AgreementScaleUm"/>), times the fraction of the grid used.
/// One frame at a time: calls are serialised because the buffers are shared.
/// </summary>
public sealed class PatchDefocusEstimator : IDefocusEstimator, IDisposable
{
    private readonly LdseModel _model;
    private readonly bool _ownsModel;
    private readonly DefocusEstimatorOptions _options;
    private readonly PatchTiler _tiler;
    private readonly PatchContentTest _contentTest;
    private readonly LuminanceBuffer _luminance = new();
    private readonly PatchRegion[] _usable;
    private readonly float[] _predictions;
    private readonly double[] _scratch;
    private readonly Lock _gate = new();

    public PatchDefocusEstimator(LdseModel model, DefocusEstimatorOptions options, bool ownsModel = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Grid.PatchSize != model.Info.PatchSize)
        {
            throw new ArgumentException(
                $"grid patch size {options.Grid.PatchSize} differs from the model's {model.Info.PatchSize} ({model.Info.Path})",
                nameof(options));
        }

        _model = model;
        _ownsModel = ownsModel;
        _options = options;
        _tiler = new PatchTiler(options.Grid);
        _contentTest = new PatchContentTest(options.Content);
        int max = options.Grid.MaxPatches;
        _usable = new PatchRegion[max];
        _predictions = new float[max];
        _scratch = new double[max];
    }

    /// <summary>Loads the model file and builds the estimator over it.</summary>
    public static PatchDefocusEstimator Open(LdseModelOptions modelOptions, DefocusEstimatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelOptions);
        options ??= new DefocusEstimatorOptions();
        options.Validate();
        var model = LdseModel.Load(modelOptions with { MaxBatch = Math.Max(modelOptions.MaxBatch, Math.Min(options.Grid.MaxPatches * options.Views, LdseModelOptions.LargestBatch)) });
        try
        {
            return new PatchDefocusEstimator(model, options);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public double RangeUm => _model.Info.ZRangeUm;

    public double? NearFocusGain => _model.Info.NearFocusGain;

    public LdseModel Model => _model;

    public DefocusEstimatorOptions Options => _options;

    /// <summary>Throws <see cref="FrameTooSmallException"/> for a frame smaller than one patch.</summary>
    public DefocusEstimate Estimate(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        long started = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            var regions = _tiler.Tile(frame.Width, frame.Height);
            var patches = new PatchEstimate[regions.Count];
            int usable = 0;
            for (int i = 0; i < regions.Count; i++)
            {
                var content = _contentTest.Evaluate(_luminance.Fill(frame, regions[i]));
                if (content.IsUsable)
                {
                    _usable[usable++] = regions[i];
                }
                else
                {
                    patches[i] = new PatchEstimate(regions[i].X, regions[i].Y, double.NaN, false, content.RejectedBecause);
                }
            }

            int required = _options.RequiredPatches(regions.Count);
            if (usable < required)
            {
                return new DefocusEstimate(
                    EstimateStatus.NoContent,
                    double.NaN,
                    0,
                    FillUsed(patches, regions, []),
                    Stopwatch.GetElapsedTime(started));
            }

            var predictions = _predictions.AsSpan(0, usable);
            _model.Predict(frame, _usable.AsSpan(0, usable), _options.Views, predictions);
            var values = _scratch.AsSpan(0, usable);
            for (int i = 0; i < usable; i++)
            {
                values[i] = predictions[i];
            }

            var combined = PatchCombiner.Combine(values, _options.Combination, _options.TrimFraction);
            double agreement = Math.Exp(-combined.Spread / _options.AgreementScaleUm);
            double confidence = agreement * usable / regions.Count;
            return new DefocusEstimate(
                EstimateStatus.Ok,
                combined.Value,
                confidence,
                FillUsed(patches, regions, predictions),
                Stopwatch.GetElapsedTime(started));
        }
    }

    public void Dispose()
    {
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }

    /// <summary>Puts each estimated patch's value in its grid slot (the usable ones are in grid order).</summary>
    private static PatchEstimate[] FillUsed(PatchEstimate[] patches, IReadOnlyList<PatchRegion> regions, ReadOnlySpan<float> predictions)
    {
        int next = 0;
        for (int i = 0; i < patches.Length; i++)
        {
            if (patches[i] is null)
            {
                bool estimated = next < predictions.Length;
                patches[i] = new PatchEstimate(
                    regions[i].X,
                    regions[i].Y,
                    estimated ? predictions[next++] : double.NaN,
                    estimated,
                    estimated ? null : "too few patches with content in the frame");
            }
        }

        return patches;
    }
}
