using FocusController.Imaging;
using FocusController.Imaging.PixelFormats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FocusController.Camera;

/// <summary>
/// The real camera: streams continuously from a V4L2 device (through <see cref="IVideoDeviceFactory"/>), hands out
/// only fresh frames, and keeps reopening a lost device with exponential backoff. While it is lost,
/// <see cref="GetFrameAsync"/> throws <see cref="CameraLostException"/> at once and <see cref="StateChanged"/> says so,
/// so the controller never moves the motor without a fresh frame to judge the move by.
/// </summary>
public sealed class UsbCamera : ICamera
{
    /// <summary>How long shutdown waits for a capture thread blocked in the driver before abandoning it.</summary>
    public static readonly TimeSpan DefaultShutdownWait = TimeSpan.FromSeconds(2);

    private const int MaxConsecutiveCorruptFrames = 3;

    private readonly CameraOptions _options;
    private readonly IVideoDeviceFactory _devices;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeSpan _shutdownWait;
    private readonly FreshFrameGate _gate = new();
    private readonly RawFrameDecoder _decoder = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _stateLock = new();
    private Task? _supervisor;
    private CameraState _state = CameraState.Stopped;
    private VideoMode? _mode;
    private int _disposed;

    public UsbCamera(CameraOptions options, IVideoDeviceFactory devices, TimeProvider time, ILogger<UsbCamera>? logger = null)
        : this(options, devices, time, logger, new ReconnectBackoff(), DefaultShutdownWait)
    {
    }

    internal UsbCamera(CameraOptions options, IVideoDeviceFactory devices, TimeProvider time, ILogger? logger, ReconnectBackoff backoff, TimeSpan shutdownWait)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(backoff);
        _options = options;
        _devices = devices;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _backoff = backoff;
        _shutdownWait = shutdownWait;
        DevicePath = options.DevicePath;
    }

    /// <summary>Raised on every state change, from a background thread.</summary>
    public event EventHandler<CameraStateChangedEventArgs>? StateChanged;

    /// <summary>Raised (for tests and status) when a reopen is scheduled, after its timer is set.</summary>
    internal event Action<TimeSpan>? ReconnectScheduled;

    public CameraState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    public string DevicePath { get; }

    /// <summary>The mode streaming now (or last streamed); null before the first open.</summary>
    public VideoMode? Mode => Volatile.Read(ref _mode);

    /// <summary>Frames dropped as stale or superseded.</summary>
    public long DroppedFrames => _gate.Dropped;

    /// <summary>Starts streaming in the background; the first open's failure shows as <see cref="CameraState.CameraLost"/>.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_supervisor is not null)
        {
            throw new InvalidOperationException($"camera {DevicePath} is already started");
        }

        _supervisor = Task.Run(() => SuperviseAsync(_stop.Token));
    }

    public async ValueTask<CapturedFrame> GetFrameAsync(DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_supervisor is null)
        {
            throw new InvalidOperationException($"camera {DevicePath} is not started; call Start first");
        }

        int corrupt = 0;
        while (true)
        {
            using var pending = await _gate.WaitAsync(notBefore, cancellationToken).ConfigureAwait(false);
            try
            {
                var image = new RgbImage(pending.Mode.Width, pending.Mode.Height);
                lock (_decoder)
                {
                    _decoder.Decode(pending.Mode.Format, pending.Raw.Data, image);
                }

                return new CapturedFrame(image, pending.ExposureStart, pending.Exposure, pending.Sequence);
            }
            catch (InvalidImageException ex) when (++corrupt < MaxConsecutiveCorruptFrames)
            {
                // A damaged USB transfer spoils one frame; the next one is just as fresh.
                CameraLog.CorruptFrame(_logger, DevicePath, ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        bool supervisorEnded = true;
        if (_supervisor is not null)
        {
            // The supervisor itself bounds stopping a stream; this bounds an open that hangs inside the driver.
            var ended = await Task.WhenAny(_supervisor, Task.Delay(_shutdownWait * 2, TimeProvider.System)).ConfigureAwait(false);
            supervisorEnded = ended == _supervisor;
            if (!supervisorEnded)
            {
                CameraLog.CaptureThreadAbandoned(_logger, DevicePath, _shutdownWait * 2);
            }
        }

        _gate.Dispose();
        lock (_decoder)
        {
            _decoder.Dispose();
        }

        SetState(CameraState.Stopped, null);
        if (supervisorEnded)
        {
            _stop.Dispose();
        }
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            CaptureSession? session = null;
            Exception cause;
            try
            {
                session = Open();
                _backoff.Reset();
                SetState(CameraState.Streaming, null);
                cause = await session.Lost.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                if (session is not null)
                {
                    await session.StopAsync(_shutdownWait).ConfigureAwait(false);
                }

                return;
            }
#pragma warning disable CA1031 // whatever keeps the device from opening, the answer is the same: report it and retry later
            catch (Exception ex)
#pragma warning restore CA1031
            {
                cause = ex;
            }

            var lost = new CameraLostException($"camera {DevicePath} lost: {cause.Message}", cause);
            _gate.MarkLost(lost, _time.GetUtcNow());
            if (session is not null)
            {
                await session.StopAsync(_shutdownWait).ConfigureAwait(false);
            }

            // The timer is set before anyone hears of the loss, so an observer that reacts by moving time sees it.
            var delay = _backoff.Next();
            var wait = Task.Delay(delay, _time, stop);
            SetState(CameraState.CameraLost, lost);
            CameraLog.Lost(_logger, DevicePath, delay, cause);
            ReconnectScheduled?.Invoke(delay);
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private CaptureSession Open()
    {
        var modes = _devices.GetModes(DevicePath);
        var mode = VideoModeSelector.Select(modes, _options, DevicePath);
        var controls = CameraControls.From(_options);
        var clock = new ExposureClock(mode, controls);

        // Anything exposed before this moment predates the (re)open and possibly the loss.
        _gate.MarkStreaming(_time.GetUtcNow());
        var stream = _devices.Open(DevicePath, mode, controls);
        var session = new CaptureSession(DevicePath, stream, _gate, clock, _time, _logger);
        Volatile.Write(ref _mode, stream.Mode);
        session.Start();
        CameraLog.Streaming(_logger, DevicePath, stream.Mode, clock.FramePeriod + clock.Exposure);
        return session;
    }

    private void SetState(CameraState state, Exception? cause)
    {
        CameraState previous;
        lock (_stateLock)
        {
            previous = _state;
            if (previous == state)
            {
                return;
            }

            _state = state;
        }

        StateChanged?.Invoke(this, new CameraStateChangedEventArgs(previous, state, cause));
    }
}
