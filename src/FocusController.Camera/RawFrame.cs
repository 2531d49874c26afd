using System.Buffers;

namespace FocusController.Camera;

/// <summary>
/// One buffer as the device delivered it, possibly longer than the image (UVC MJPEG buffers carry stale bytes after
/// the JPEG). <see cref="ArrivedAt"/> is when the buffer reached user space; <see cref="StartOfFrameAt"/>, when the
/// driver reports it, is when the first byte of the frame reached the host. Disposing returns a pooled buffer.
/// </summary>
public sealed class RawFrame : IDisposable
{
    private readonly bool _pooled;
    private byte[]? _buffer;

    public RawFrame(byte[] buffer, int length, DateTimeOffset arrivedAt, DateTimeOffset? startOfFrameAt = null, bool pooled = false)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        _buffer = buffer;
        Length = length;
        ArrivedAt = arrivedAt;
        StartOfFrameAt = startOfFrameAt;
        _pooled = pooled;
    }

    public int Length { get; }

    public DateTimeOffset ArrivedAt { get; }

    public DateTimeOffset? StartOfFrameAt { get; }

    public ReadOnlySpan<byte> Data => (_buffer ?? throw new ObjectDisposedException(nameof(RawFrame))).AsSpan(0, Length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && _pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
