using System.Collections.Concurrent;
using FocusController.Camera;
using FocusController.Imaging;
using FocusController.Imaging.PixelFormats;
using SkiaSharp;

namespace FocusController.Camera.Tests.Fakes;

/// <summary>
/// A V4L2 device as the camera code sees it through the seam: a list of modes, opens that are recorded with the
/// (fake) time they happened, and a stream the test feeds buffers into, encoded the way a UVC camera sends them.
/// </summary>
internal sealed class FakeVideoDevice : IVideoDeviceFactory, IDisposable
{
    public const string Path = "/dev/video0";

    private readonly TimeProvider _time;
    private readonly List<VideoMode> _modes;
    private readonly ConcurrentQueue<DateTimeOffset> _opens = new();

    public FakeVideoDevice(TimeProvider time, params VideoMode[] modes)
    {
        _time = time;
        _modes = [.. modes];
    }

    public volatile bool Present = true;

    /// <summary>Streams opened from now on block in ReadFrame forever, even after Dispose, like a wedged driver.</summary>
    public volatile bool ReadsBlockForever;

    /// <summary>Opening hangs inside the "driver" until <see cref="Release"/>.</summary>
    public volatile bool OpenBlocksForever;

    private readonly ManualResetEventSlim _openReleased = new(false);

    public FakeCapture? Current { get; private set; }

    public IReadOnlyList<DateTimeOffset> OpenAttempts => [.. _opens];

    public CameraControls? LastControls { get; private set; }

    public IReadOnlyList<string> ListDevices() => Present ? [Path] : [];

    /// <summary>Every attempt to open starts by asking for the modes, so that is where attempts are counted.</summary>
    public IReadOnlyList<VideoMode> GetModes(string devicePath)
    {
        _opens.Enqueue(_time.GetUtcNow());
        if (!Present || devicePath != Path)
        {
            throw new VideoDeviceNotFoundException($"{devicePath}: no such video device");
        }

        return _modes;
    }

    public IVideoCapture Open(string devicePath, VideoMode mode, CameraControls controls)
    {
        if (!Present || devicePath != Path)
        {
            throw new IOException($"cannot open {devicePath}: No such device");
        }

        if (OpenBlocksForever)
        {
            _openReleased.Wait();
            throw new IOException($"cannot open {devicePath}: timed out");
        }

        LastControls = controls;
        Current = new FakeCapture(mode, _time, ReadsBlockForever);
        return Current;
    }

    /// <summary>Waits (real time, bounded) until the device has been opened <paramref name="count"/> times in all.</summary>
    public async Task WaitForOpenAttempts(int count)
    {
        for (int i = 0; i < 1000 && _opens.Count < count; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(_opens.Count >= count, $"expected {count} open attempts, saw {_opens.Count}");
    }

    public void Dispose() => _openReleased.Dispose();

    /// <summary>Lets hung opens and reads go at the end of a test so no thread outlives it.</summary>
    public void Release()
    {
        _openReleased.Set();
        Current?.Release();
    }

    /// <summary>The camera is pulled out: the blocked read fails and the node disappears.</summary>
    public void Unplug()
    {
        Present = false;
        Current?.Fail(new IOException("VIDIOC_DQBUF: No such device"));
    }
}

internal sealed class FakeCapture(VideoMode mode, TimeProvider time, bool blockForever) : IVideoCapture
{
    private readonly BlockingCollection<Func<RawFrame>> _queue = new();
    private readonly ManualResetEventSlim _never = new(false);
    private int _reads;

    public VideoMode Mode { get; } = mode;

    public bool Disposed { get; private set; }

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Queues a frame of <paramref name="scene"/> encoded in the stream's format, arriving at the fake now.</summary>
    public void Deliver(RgbImage scene, DateTimeOffset? startOfFrameAt = null)
    {
        var bytes = Encode(scene, Mode.Format);
        var arrivedAt = time.GetUtcNow();
        _queue.Add(() => new RawFrame(bytes, bytes.Length, arrivedAt, startOfFrameAt));
    }

    public void DeliverBytes(byte[] bytes)
    {
        var arrivedAt = time.GetUtcNow();
        _queue.Add(() => new RawFrame(bytes, bytes.Length, arrivedAt));
    }

    public void Fail(Exception error) => _queue.Add(() => throw error);

    public RawFrame ReadFrame()
    {
        Interlocked.Increment(ref _reads);
        if (blockForever)
        {
            _never.Wait();
        }

        return _queue.Take()();
    }

    /// <summary>Waits (real time, bounded) until the capture thread asked for frame number <paramref name="count"/>, i.e. has offered all before it.</summary>
    public async Task WaitForReads(int count)
    {
        for (int i = 0; i < 1000 && Reads < count; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(Reads >= count, $"the capture thread read {Reads} frames, expected {count}");
    }

    public void Dispose()
    {
        Disposed = true;
        _queue.CompleteAdding();
    }

    /// <summary>Lets a forever-blocked read go at the end of a test so no thread outlives it.</summary>
    public void Release() => _never.Set();

    public static byte[] Encode(RgbImage scene, FramePixelFormat format) => format switch
    {
        FramePixelFormat.Yuyv => Yuyv.FromRgb(scene),
        FramePixelFormat.Mjpeg => WithUvcTail(ImageFile.EncodeBytes(scene, SKEncodedImageFormat.Jpeg, 95)),
        _ => (byte[])scene.Pixels.Clone(),
    };

    /// <summary>
    /// A UVC buffer: the JPEG, then stale bytes to the end of the mmap buffer, here the tail of an older frame that
    /// ends in its own FF D9 followed by zeros.
    /// </summary>
    public static byte[] WithUvcTail(byte[] jpeg)
    {
        var random = new Random(7);
        var stale = new byte[4096];
        random.NextBytes(stale);
        stale[^3] = 0xFF;
        stale[^2] = 0xD9;
        stale[^1] = 0x00;
        var buffer = new byte[jpeg.Length + stale.Length + 512];
        jpeg.CopyTo(buffer, 0);
        stale.CopyTo(buffer, jpeg.Length);
        return buffer;
    }
}
