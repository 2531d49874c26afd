namespace FocusController.Inference;

/// <summary>How the ONNX Runtime session is set up. Validated when the model is loaded.</summary>
public sealed record LdseModelOptions
{
    /// <summary>The .onnx file (docs/contracts.md naming: models/ldse-net-&lt;objective&gt;.&lt;int8|fp32&gt;.onnx).</summary>
    public required string ModelPath { get; init; }

    /// <summary>
    /// Threads ONNX Runtime uses inside one operator. A Raspberry Pi has 4 cores and the daemon's other work is
    /// light, so the default takes up to 4; 0 lets ONNX Runtime choose.
    /// </summary>
    public int IntraOpThreads { get; init; } = Math.Min(4, Environment.ProcessorCount);

    /// <summary>The largest <see cref="MaxBatch"/>: 256 patches already take 154 MB of input floats.</summary>
    public const int LargestBatch = 256;

    /// <summary>Most patches in one run: the input and output buffers are allocated for this many once.</summary>
    public int MaxBatch { get; init; } = 9;

    /// <summary>Run the model once at load so the first real frame does not pay for lazy initialisation.</summary>
    public bool WarmUp { get; init; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("model path is empty", nameof(ModelPath));
        }

        if (IntraOpThreads is < 0 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "intra-op threads must be 0 (ONNX Runtime chooses) to 256");
        }

        if (MaxBatch is < 1 or > LargestBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, $"max batch must be 1..{LargestBatch} patches");
        }
    }
}
