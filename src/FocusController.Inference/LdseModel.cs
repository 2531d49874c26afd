using FocusController.Imaging;
using FocusController.Imaging.Tiling;
using Microsoft.ML.OnnxRuntime;

namespace FocusController.Inference;

/// <summary>
/// One LDSE-NET model file in one ONNX Runtime session, reused for every frame. The input tensor buffer
/// ([MaxBatch,3,224,224] floats) and the output buffer are allocated once; for every batch size 1..MaxBatch an
/// <see cref="OrtValue"/> over the front of those buffers is created up front, so a run only fills floats and
/// calls the session, and only the patches that passed the content test are computed. Not thread-safe: one
/// caller at a time (the estimator serialises).
/// </summary>
public sealed class LdseModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly PatchPreprocessor _preprocessor;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly OrtValue[][] _inputValues;
    private readonly OrtValue[][] _outputValues;
    private readonly string[] _inputNames = [LdseModelInfo.InputName];
    private readonly string[] _outputNames = [LdseModelInfo.OutputName];
    private bool _disposed;

    private LdseModel(InferenceSession session, LdseModelInfo info, int maxBatch)
    {
        _session = session;
        Info = info;
        MaxBatch = maxBatch;
        _preprocessor = new PatchPreprocessor(info);
        _input = new float[maxBatch * _preprocessor.PatchLength];
        _output = new float[maxBatch];
        _inputValues = new OrtValue[maxBatch][];
        _outputValues = new OrtValue[maxBatch][];
        int size = info.PatchSize;
        for (int n = 1; n <= maxBatch; n++)
        {
            // CreateTensorValueFromMemory pins the managed array for the OrtValue's lifetime: no copy, no per-run allocation
            _inputValues[n - 1] =
            [
                OrtValue.CreateTensorValueFromMemory(
                    OrtMemoryInfo.DefaultInstance,
                    _input.AsMemory(0, n * _preprocessor.PatchLength),
                    [n, LdseModelInfo.Channels, size, size]),
            ];
            _outputValues[n - 1] =
            [
                OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, n), [n, 1]),
            ];
        }
    }

    public LdseModelInfo Info { get; }

    public int MaxBatch { get; }

    public PatchPreprocessor Preprocessor => _preprocessor;

    /// <summary>The input tensor's backing array (exposed so tests can check it is reused, not reallocated).</summary>
    public float[] InputBuffer => _input;

    /// <summary>Opens and checks a model file; throws <see cref="InvalidModelException"/> naming it when it cannot be used.</summary>
    public static LdseModel Load(LdseModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string path = options.ModelPath;
        if (!File.Exists(path))
        {
            throw new InvalidModelException(path, "model file not found");
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            // one frame at a time: parallelism inside operators, not between them
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelException(path, $"not a loadable ONNX model ({FirstLine(ex.Message)})", ex);
        }

        LdseModel? model = null;
        try
        {
            var info = LdseModelInfo.FromSession(path, session);
            model = new LdseModel(session, info, options.MaxBatch);
            if (options.WarmUp)
            {
                model.WarmUp();
            }

            return model;
        }
        catch
        {
            if (model is not null)
            {
                model.Dispose();
            }
            else
            {
                session.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Estimates each region of the frame (defocus µm, one per region, in order). More regions than
    /// <see cref="MaxBatch"/> run in several batches.
    /// </summary>
    public void Predict(RgbImage frame, ReadOnlySpan<PatchRegion> regions, Span<float> results) => Predict(frame, regions, 1, results);

    /// <summary>
    /// Estimates each region of the frame as the mean of the model's readings of its first <paramref name="views"/>
    /// views (<see cref="PatchView.First"/>): regions × views patches, run <see cref="MaxBatch"/> at a time.
    /// </summary>
    public void Predict(RgbImage frame, ReadOnlySpan<PatchRegion> regions, int views, Span<float> results)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var viewSet = PatchView.First(views);
        if (results.Length < regions.Length)
        {
            throw new ArgumentException($"results hold {results.Length} values; {regions.Length} regions were given", nameof(results));
        }

        results[..regions.Length].Clear();
        int patchLength = _preprocessor.PatchLength;
        int total = regions.Length * views;
        for (int start = 0; start < total; start += MaxBatch)
        {
            int count = Math.Min(MaxBatch, total - start);
            for (int i = 0; i < count; i++)
            {
                int patch = start + i;
                _preprocessor.Write(frame, regions[patch / views], viewSet[patch % views], _input.AsSpan(i * patchLength, patchLength));
            }

            Run(count);
            for (int i = 0; i < count; i++)
            {
                results[(start + i) / views] += _output[i] / views;
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var values in _inputValues.Concat(_outputValues))
        {
            values[0].Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    private void Run(int count)
    {
        try
        {
            _session.Run(_runOptions, _inputNames, _inputValues[count - 1], _outputNames, _outputValues[count - 1]);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelException(Info.Path, $"inference failed ({FirstLine(ex.Message)})", ex);
        }
    }

    private void WarmUp()
    {
        Array.Clear(_input);
        Run(MaxBatch);
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
