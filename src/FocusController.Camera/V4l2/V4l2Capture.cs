using System.Buffers;
using System.Collections.Concurrent;
using FocusController.Imaging.PixelFormats;
using Iot.Device.Media;

namespace FocusController.Camera.V4l2;

/// <summary>
/// A continuous V4L2 stream through VideoDevice 4.2.0. Its <c>CaptureContinuous</c> loops on VIDIOC_DQBUF on a
/// thread of ours and raises <c>NewImageBufferReady</c> per buffer; buffers are pooled and queued for
/// <see cref="ReadFrame"/>. VideoDevice ignores ioctl errors, so after an unplug its loop would spin handing out the
/// last buffer again: every buffer is therefore checked against the device node still existing.
/// </summary>
internal sealed class V4l2Capture : IVideoCapture
{
    private const int MaxQueued = 2;

    // VideoDevice's loop does not see a failed VIDIOC_DQBUF and re-delivers a buffer at once; a run of buffers far
    // faster than the frame rate therefore means the driver is failing (a replugged camera may reuse the node name).
    private const int SpinRunLimit = 8;

    private readonly VideoDevice _device;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly BlockingCollection<RawFrame> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _exited = new(false);
    private readonly long _spinThreshold;
    private volatile Exception? _failure;
    private long _lastBufferTimestamp;
    private int _spinRun;
    private int _disposed;

    public V4l2Capture(string path, int busId, VideoMode mode, CameraControls controls, TimeProvider time, Action<string> reportRefusedControl)
    {
        _path = path;
        _time = time;
        Mode = mode;
        _spinThreshold = (long)(mode.FramePeriod.TotalSeconds / 4 * time.TimestampFrequency);
        var settings = new VideoConnectionSettings(busId, ((uint)mode.Width, (uint)mode.Height), ToVideoPixelFormat(mode.Format))
        {
            ExposureType = controls.Manual ? ExposureType.Manual : ExposureType.Auto,
        };
        if (controls.Manual)
        {
            settings.ExposureTime = controls.ExposureDeviceUnits ?? 0;
            settings.Gain = controls.Gain ?? 0;
            settings.WhiteBalanceTemperature = controls.WhiteBalanceTemperatureKelvin ?? 0;
        }

        _device = VideoDevice.Create(settings);
        try
        {
            _device.ImageBufferPoolingEnabled = true;
            _device.NewImageBufferReady += OnBuffer;

            // Opens the node and sets format and VideoDevice's controls; streaming starts in CaptureContinuous.
            _device.StartCaptureContinuous();
            using (var native = new V4l2DeviceControls(path))
            {
                if (mode.FramesPerSecond > 0 && !native.SetFrameRate(mode.FramesPerSecond))
                {
                    reportRefusedControl($"frame rate {mode} on {path}");
                }

                foreach (var refused in native.Apply(controls))
                {
                    reportRefusedControl(refused);
                }
            }
        }
        catch
        {
            _device.Dispose();
            throw;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"v4l2 {path}" };
        _thread.Start();
    }

    public VideoMode Mode { get; }

    public RawFrame ReadFrame()
    {
        try
        {
            return _queue.Take();
        }
        catch (InvalidOperationException)
        {
            throw new IOException($"{_path}: {_failure?.Message ?? "capture stopped"}", _failure);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();

        // A live camera delivers the next buffer within a frame period, after which the loop sees the cancellation
        // and unmaps its buffers cleanly; a wedged one never does, and closing the node is all that is left.
        _ = _exited.Wait(TimeSpan.FromSeconds(1));
        _device.NewImageBufferReady -= OnBuffer;
        _device.Dispose();
        _queue.CompleteAdding();
        while (_queue.TryTake(out var frame))
        {
            frame.Dispose();
        }
    }

    private static VideoPixelFormat ToVideoPixelFormat(FramePixelFormat format) => format switch
    {
        FramePixelFormat.Yuyv => VideoPixelFormat.YUYV,
        FramePixelFormat.Mjpeg => VideoPixelFormat.MJPEG,
        _ => VideoPixelFormat.RGB24,
    };

    private void Run()
    {
        try
        {
            _device.CaptureContinuous(_stop.Token);
        }
#pragma warning disable CA1031 // the reader learns the cause from ReadFrame's exception
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _failure = ex;
        }
        finally
        {
            _exited.Set();
            _queue.CompleteAdding();
        }
    }

    private void OnBuffer(object sender, NewImageBufferReadyEventArgs e)
    {
        var arrivedAt = _time.GetUtcNow();
        long now = _time.GetTimestamp();
        _spinRun = now - _lastBufferTimestamp < _spinThreshold ? _spinRun + 1 : 0;
        _lastBufferTimestamp = now;
        if (!File.Exists(_path) || _spinRun >= SpinRunLimit || e.Length == 0)
        {
            ArrayPool<byte>.Shared.Return(e.ImageBuffer);
            _failure ??= new IOException(
                !File.Exists(_path) ? "the device node disappeared (unplugged?)"
                : e.Length == 0 ? "the driver returned an empty buffer (is another program streaming from the device?)"
                : "the driver returns buffers without frames (VIDIOC_DQBUF failing; is another program streaming from the device?)");
            _stop.Cancel();
            return;
        }

        // Only the newest buffers matter (the gate keeps one); a slow reader must not let old ones pile up.
        while (_queue.Count >= MaxQueued && _queue.TryTake(out var old))
        {
            old.Dispose();
        }

        if (!_queue.TryAdd(new RawFrame(e.ImageBuffer, e.Length, arrivedAt, null, pooled: true)))
        {
            ArrayPool<byte>.Shared.Return(e.ImageBuffer);
        }
    }
}
