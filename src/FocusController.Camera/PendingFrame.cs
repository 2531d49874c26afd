namespace FocusController.Camera;

/// <summary>A captured, not yet decoded buffer with its estimated exposure start; owns (and on dispose releases) the buffer.</summary>
public sealed class PendingFrame(RawFrame raw, VideoMode mode, DateTimeOffset exposureStart, TimeSpan exposure, long sequence) : IDisposable
{
    public RawFrame Raw { get; } = raw ?? throw new ArgumentNullException(nameof(raw));

    public VideoMode Mode { get; } = mode ?? throw new ArgumentNullException(nameof(mode));

    public DateTimeOffset ExposureStart { get; } = exposureStart;

    public TimeSpan Exposure { get; } = exposure;

    public long Sequence { get; } = sequence;

    public void Dispose() => Raw.Dispose();
}
