using FocusController.Imaging.PixelFormats;

namespace FocusController.Camera.Tests;

public class FreshFrameGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly VideoMode Mode = new(FramePixelFormat.Rgb24, 2, 1, 30);

    [Fact]
    public async Task Frames_exposed_before_not_before_are_never_returned()
    {
        using var gate = new FreshFrameGate();
        var notBefore = T0.AddMilliseconds(100);
        var wait = gate.WaitAsync(notBefore, CancellationToken.None);

        for (int ms = 0; ms < 100; ms += 10)
        {
            gate.Offer(Frame(T0.AddMilliseconds(ms), sequence: ms));
        }

        Assert.False(wait.IsCompleted);
        gate.Offer(Frame(T0.AddMilliseconds(100), sequence: 100));
        using var frame = await wait;
        Assert.Equal(100, frame.Sequence);
        Assert.Equal(9, gate.Dropped); // each stale frame displaced the one before; the newest stale one is still held
    }

    [Fact]
    public async Task A_held_frame_older_than_not_before_is_dropped_not_returned()
    {
        using var gate = new FreshFrameGate();
        var old = Frame(T0, sequence: 1);
        gate.Offer(old);

        var wait = gate.WaitAsync(T0.AddMilliseconds(1), CancellationToken.None);

        Assert.False(wait.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => old.Raw.Data.ToArray());
        gate.Offer(Frame(T0.AddMilliseconds(5), sequence: 2));
        using var frame = await wait;
        Assert.Equal(2, frame.Sequence);
    }

    [Fact]
    public async Task A_newer_frame_replaces_the_held_one_so_no_queue_builds_up()
    {
        using var gate = new FreshFrameGate();
        gate.Offer(Frame(T0, sequence: 1));
        gate.Offer(Frame(T0.AddMilliseconds(33), sequence: 2));
        gate.Offer(Frame(T0.AddMilliseconds(66), sequence: 3));

        using var frame = await gate.WaitAsync(T0, CancellationToken.None);

        Assert.Equal(3, frame.Sequence);
        Assert.Equal(2, gate.Dropped);
    }

    [Fact]
    public async Task Each_frame_is_handed_out_once()
    {
        using var gate = new FreshFrameGate();
        gate.Offer(Frame(T0, sequence: 1));
        using var first = await gate.WaitAsync(T0, CancellationToken.None);

        var second = gate.WaitAsync(T0, CancellationToken.None);

        Assert.False(second.IsCompleted);
        gate.Offer(Frame(T0.AddMilliseconds(33), sequence: 2));
        Assert.Equal(2, (await second).Sequence);
    }

    [Fact]
    public async Task Losing_the_camera_fails_waiters_and_later_calls_until_it_streams_again()
    {
        using var gate = new FreshFrameGate();
        var waiting = gate.WaitAsync(T0, CancellationToken.None);

        gate.MarkLost(new CameraLostException("camera /dev/video0 lost: unplugged"), T0.AddSeconds(1));

        await Assert.ThrowsAsync<CameraLostException>(() => waiting);
        await Assert.ThrowsAsync<CameraLostException>(() => gate.WaitAsync(T0, CancellationToken.None));

        gate.MarkStreaming(T0.AddSeconds(2));
        var afterReconnect = gate.WaitAsync(T0, CancellationToken.None);
        gate.Offer(Frame(T0.AddSeconds(0.5), sequence: 1)); // exposed before the loss
        gate.Offer(Frame(T0.AddSeconds(1.5), sequence: 2)); // exposed while lost, before the reopen
        Assert.False(afterReconnect.IsCompleted);
        gate.Offer(Frame(T0.AddSeconds(2.1), sequence: 3));
        Assert.Equal(3, (await afterReconnect).Sequence);
    }

    [Fact]
    public async Task A_frame_held_when_the_camera_is_lost_is_discarded()
    {
        using var gate = new FreshFrameGate();
        gate.Offer(Frame(T0, sequence: 1));
        gate.MarkLost(new CameraLostException("lost"), T0.AddMilliseconds(10));
        gate.MarkStreaming(T0.AddMilliseconds(20));

        var wait = gate.WaitAsync(T0, CancellationToken.None);

        Assert.False(wait.IsCompleted);
        gate.Offer(Frame(T0.AddMilliseconds(30), sequence: 2));
        Assert.Equal(2, (await wait).Sequence);
    }

    [Fact]
    public async Task Cancelling_a_wait_removes_it()
    {
        using var gate = new FreshFrameGate();
        using var cancel = new CancellationTokenSource();
        var wait = gate.WaitAsync(T0, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        gate.Offer(Frame(T0, sequence: 1));
        using var frame = await gate.WaitAsync(T0, CancellationToken.None);
        Assert.Equal(1, frame.Sequence);
    }

    [Fact]
    public async Task Disposing_releases_waiters()
    {
        var gate = new FreshFrameGate();
        var wait = gate.WaitAsync(T0, CancellationToken.None);

        gate.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => wait);
    }

    private static PendingFrame Frame(DateTimeOffset exposureStart, long sequence) =>
        new(new RawFrame(new byte[6], 6, exposureStart.AddMilliseconds(40)), Mode, exposureStart, TimeSpan.FromMilliseconds(5), sequence);
}
