using FocusController.Camera.Tests.Fakes;
using FocusController.Imaging;
using FocusController.Imaging.PixelFormats;
using Microsoft.Extensions.Time.Testing;

namespace FocusController.Camera.Tests;

public sealed class UsbCameraTests : IAsyncDisposable
{
    private static readonly VideoMode Yuyv30 = new(FramePixelFormat.Yuyv, 1280, 960, 30);
    private static readonly VideoMode Mjpeg30 = new(FramePixelFormat.Mjpeg, 1280, 960, 30);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly List<UsbCamera> _cameras = [];
    private readonly List<FakeVideoDevice> _devices = [];

    [Fact]
    public async Task Streams_yuyv_and_stamps_exposure_start_one_period_and_one_exposure_before_arrival()
    {
        var (camera, device) = Create(new CameraOptions { ExposureMicroseconds = 10_000 }, Yuyv30, Mjpeg30);
        await StartStreaming(camera);

        var notBefore = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var arrival = _time.GetUtcNow();
        device.Current!.Deliver(TestImages.Flat(1280, 960, 200, 120, 40));
        var frame = await camera.GetFrameAsync(notBefore, CancellationToken.None).AsTask().WaitAsync(Bound);

        Assert.Equal(Yuyv30, camera.Mode);
        Assert.Equal(1280, frame.Image.Width);
        TestImages.AssertNear((200, 120, 40), TestImages.At(frame.Image, 640, 480), 3);
        Assert.Equal(TimeSpan.FromMilliseconds(10), frame.Exposure);
        Assert.Equal(arrival - Yuyv30.FramePeriod - TimeSpan.FromMilliseconds(10), frame.ExposureStart);
        Assert.Equal(new CameraControls(true, 10_000, null, null), device.LastControls);
    }

    [Fact]
    public async Task Streams_mjpeg_buffers_with_stale_tails()
    {
        var (camera, device) = Create(new CameraOptions { PixelFormat = CameraPixelFormatChoice.Mjpeg }, Yuyv30, Mjpeg30);
        await StartStreaming(camera);

        var notBefore = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        device.Current!.Deliver(TestImages.Flat(1280, 960, 30, 180, 220));
        var frame = await camera.GetFrameAsync(notBefore, CancellationToken.None).AsTask().WaitAsync(Bound);

        TestImages.AssertNear((30, 180, 220), TestImages.At(frame.Image, 100, 900), 4);
    }

    [Fact]
    public async Task A_corrupt_frame_is_skipped_and_the_next_fresh_one_returned()
    {
        var (camera, device) = Create(new CameraOptions { PixelFormat = CameraPixelFormatChoice.Mjpeg }, Mjpeg30);
        await StartStreaming(camera);
        var notBefore = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var jpeg = FakeCapture.Encode(TestImages.Flat(1280, 960, 0, 0, 255), FramePixelFormat.Mjpeg);

        var pending = camera.GetFrameAsync(notBefore, CancellationToken.None).AsTask();
        device.Current!.DeliverBytes(jpeg[..5000]);
        await device.Current.WaitForReads(2);
        _time.Advance(TimeSpan.FromMilliseconds(33));
        device.Current.Deliver(TestImages.Flat(1280, 960, 0, 0, 255));
        var frame = await pending.WaitAsync(Bound);

        TestImages.AssertNear((0, 0, 255), TestImages.At(frame.Image, 10, 10), 4);
        Assert.Equal(1, frame.Sequence);
    }

    [Fact]
    public async Task A_stream_of_corrupt_frames_is_an_error_not_a_hang()
    {
        var (camera, device) = Create(new CameraOptions(), Mjpeg30);
        await StartStreaming(camera);
        var notBefore = _time.GetUtcNow();
        var jpeg = FakeCapture.Encode(TestImages.Flat(1280, 960, 0, 0, 255), FramePixelFormat.Mjpeg);

        var pending = camera.GetFrameAsync(notBefore, CancellationToken.None).AsTask();
        for (int i = 1; i <= 3; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            device.Current!.DeliverBytes(jpeg[..3000]);
            await device.Current.WaitForReads(i + 1);
        }

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => pending.WaitAsync(Bound));
        Assert.Contains("FF D9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frames_exposed_before_the_move_settled_are_dropped()
    {
        var (camera, device) = Create(new CameraOptions { ExposureMicroseconds = 10_000 }, Yuyv30);
        await StartStreaming(camera);
        _time.Advance(TimeSpan.FromSeconds(1));
        var settled = _time.GetUtcNow();

        var pending = camera.GetFrameAsync(settled, CancellationToken.None).AsTask();
        // Arrives 20 ms after the settle moment, so its exposure began ~23 ms before it: stale.
        _time.Advance(TimeSpan.FromMilliseconds(20));
        device.Current!.Deliver(TestImages.Flat(1280, 960, 255, 0, 0));
        await device.Current.WaitForReads(2);
        Assert.False(pending.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(33));
        device.Current.Deliver(TestImages.Flat(1280, 960, 0, 255, 0));
        var frame = await pending.WaitAsync(Bound);

        Assert.True(frame.ExposureStart >= settled);
        TestImages.AssertNear((0, 255, 0), TestImages.At(frame.Image, 5, 5), 3);
        Assert.Equal(1, frame.Sequence);
    }

    [Fact]
    public async Task Unplugging_gives_camera_lost_and_replugging_streams_again_without_stale_frames()
    {
        var (camera, device) = Create(new CameraOptions(), Yuyv30);
        var states = new List<CameraState>();
        camera.StateChanged += (_, e) => { lock (states) { states.Add(e.Current); } };
        await StartStreaming(camera);
        var beforeLoss = _time.GetUtcNow();
        var waiting = camera.GetFrameAsync(beforeLoss, CancellationToken.None).AsTask();
        var lostState = WaitForState(camera, CameraState.CameraLost);

        device.Unplug();

        await lostState;
        var lost = await Assert.ThrowsAsync<CameraLostException>(() => waiting.WaitAsync(Bound));
        Assert.Contains("/dev/video0", lost.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CameraLostException>(() => camera.GetFrameAsync(beforeLoss, CancellationToken.None).AsTask());

        device.Present = true;
        var streaming = WaitForState(camera, CameraState.Streaming);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        await streaming;
        await device.WaitForOpenAttempts(2);

        // The reopened driver first hands out a buffer whose frame started before the loss.
        var pending = camera.GetFrameAsync(beforeLoss, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(40));
        device.Current!.Deliver(TestImages.Flat(1280, 960, 255, 255, 255), startOfFrameAt: beforeLoss);
        await device.Current.WaitForReads(2);
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        device.Current.Deliver(TestImages.Flat(1280, 960, 0, 0, 0));
        var frame = await pending.WaitAsync(Bound);

        Assert.True(frame.ExposureStart > beforeLoss);
        TestImages.AssertNear((0, 0, 0), TestImages.At(frame.Image, 5, 5), 3);
        lock (states)
        {
            Assert.Equal([CameraState.Streaming, CameraState.CameraLost, CameraState.Streaming], states);
        }
    }

    [Fact]
    public async Task Reopen_attempts_back_off_doubling_to_thirty_seconds_and_reset_after_success()
    {
        var (camera, device) = Create(new CameraOptions(), Yuyv30);
        device.Present = false;
        var scheduled = new System.Collections.Concurrent.BlockingCollection<TimeSpan>();
        camera.ReconnectScheduled += scheduled.Add;
        camera.Start();

        var delays = new List<double>();
        for (int attempt = 1; attempt <= 8; attempt++)
        {
            Assert.True(scheduled.TryTake(out var delay, Bound), $"no reopen scheduled after attempt {attempt}");
            Assert.Equal(CameraState.CameraLost, camera.State);
            delays.Add(delay.TotalSeconds);
            _time.Advance(delay);
            await device.WaitForOpenAttempts(attempt + 1);
        }

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30], delays);
        var gaps = device.OpenAttempts.Zip(device.OpenAttempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.Equal(delays, gaps);

        device.Present = true;
        var streaming = WaitForState(camera, CameraState.Streaming);
        Assert.True(scheduled.TryTake(out var last, Bound));
        _time.Advance(last);
        await streaming;

        device.Unplug();
        Assert.True(scheduled.TryTake(out var afterSuccess, Bound));
        Assert.Equal(TimeSpan.FromSeconds(0.5), afterSuccess);
    }

    [Fact]
    public async Task A_read_that_never_returns_is_detected_as_a_lost_camera()
    {
        var (camera, device) = Create(new CameraOptions(), Yuyv30);
        device.ReadsBlockForever = true;
        await StartStreaming(camera);
        await device.Current!.WaitForReads(1);
        var lostState = WaitForState(camera, CameraState.CameraLost);

        _time.Advance(TimeSpan.FromSeconds(3));

        var cause = await lostState;
        Assert.IsType<TimeoutException>(cause?.InnerException);
    }

    [Fact]
    public async Task Shutdown_returns_promptly_when_the_read_blocks_forever()
    {
        var options = new CameraOptions();
        var device = new FakeVideoDevice(_time, Yuyv30) { ReadsBlockForever = true };
        _devices.Add(device);
        var camera = new UsbCamera(options, device, _time, null, new ReconnectBackoff(), TimeSpan.FromMilliseconds(200));
        await StartStreaming(camera);
        await device.Current!.WaitForReads(1);
        var waiting = camera.GetFrameAsync(_time.GetUtcNow(), CancellationToken.None).AsTask();

        var dispose = camera.DisposeAsync().AsTask();

        // Bounded by the 200 ms shutdown wait; 10 s only guards the test run against a hang.
        await dispose.WaitAsync(Bound);
        Assert.Equal(CameraState.Stopped, camera.State);
        Assert.True(device.Current.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Bound));
    }

    [Fact]
    public async Task Shutdown_returns_promptly_when_opening_hangs_in_the_driver()
    {
        var (camera, device) = Create(new CameraOptions(), Yuyv30);
        device.OpenBlocksForever = true;
        camera.Start();
        await device.WaitForOpenAttempts(1);

        await camera.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.Equal(CameraState.Stopped, camera.State);
    }

    [Fact]
    public async Task Getting_a_frame_before_start_is_an_error()
    {
        var (camera, _) = Create(new CameraOptions(), Yuyv30);

        await Assert.ThrowsAsync<InvalidOperationException>(() => camera.GetFrameAsync(_time.GetUtcNow(), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_missing_device_at_start_shows_as_camera_lost()
    {
        var (camera, device) = Create(new CameraOptions(), Yuyv30);
        device.Present = false;
        var lost = WaitForState(camera, CameraState.CameraLost);

        camera.Start();

        var cause = await lost;
        Assert.IsType<VideoDeviceNotFoundException>(cause?.InnerException);
        await Assert.ThrowsAsync<CameraLostException>(() => camera.GetFrameAsync(_time.GetUtcNow(), CancellationToken.None).AsTask());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var camera in _cameras)
        {
            await camera.DisposeAsync();
        }

        foreach (var device in _devices)
        {
            device.Release();
        }
    }

    private (UsbCamera Camera, FakeVideoDevice Device) Create(CameraOptions options, params VideoMode[] modes)
    {
        var device = new FakeVideoDevice(_time, modes);
        var camera = new UsbCamera(options, device, _time, null, new ReconnectBackoff(), TimeSpan.FromMilliseconds(200));
        _devices.Add(device);
        _cameras.Add(camera);
        return (camera, device);
    }

    private static async Task StartStreaming(UsbCamera camera)
    {
        var streaming = WaitForState(camera, CameraState.Streaming);
        camera.Start();
        await streaming;
    }

    /// <summary>Completes (with the change's cause) when the camera next enters <paramref name="state"/>; bounded in real time.</summary>
    private static Task<Exception?> WaitForState(UsbCamera camera, CameraState state)
    {
        var reached = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<CameraStateChangedEventArgs>? handler = null;
        handler = (_, e) =>
        {
            if (e.Current == state)
            {
                camera.StateChanged -= handler;
                reached.TrySetResult(e.Cause);
            }
        };
        camera.StateChanged += handler;
        return reached.Task.WaitAsync(Bound);
    }
}
