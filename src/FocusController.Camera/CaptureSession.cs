using Microsoft.Extensions.Logging;

namespace FocusController.Camera;

/// <summary>
/// One open stream: a dedicated thread that blocks in <see cref="IVideoCapture.ReadFrame"/> and offers every buffer to
/// the gate, plus a watchdog that calls the camera lost when no buffer arrives for <see cref="FrameTimeout"/>
/// (a wedged driver blocks a read forever rather than failing it).
/// </summary>
internal sealed class CaptureSession
{
    private readonly IVideoCapture _stream;
    private readonly FreshFrameGate _gate;
    private readonly ExposureClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _device;
    private readonly TaskCompletionSource<Exception> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private ITimer? _watchdog;
    private long _lastArrivalTicks;
    private long _sequence;
    private volatile bool _stopping;

    public CaptureSession(string device, IVideoCapture stream, FreshFrameGate gate, ExposureClock clock, TimeProvider time, ILogger logger)
    {
        _device = device;
        _stream = stream;
        _gate = gate;
        _clock = clock;
        _time = time;
        _logger = logger;
        FrameTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(3).Ticks, 10 * clock.FramePeriod.Ticks));
        _thread = new Thread(Run) { IsBackground = true, Name = $"camera capture {device}" };
    }

    public TimeSpan FrameTimeout { get; }

    /// <summary>Completes with the cause when the device fails or goes silent.</summary>
    public Task<Exception> Lost => _lost.Task;

    public void Start()
    {
        _lastArrivalTicks = _time.GetUtcNow().UtcTicks;
        _watchdog = _time.CreateTimer(_ => CheckForSilence(), null, FrameTimeout, FrameTimeout);
        _thread.Start();
    }

    /// <summary>
    /// Closes the device and waits up to <paramref name="bound"/> (real time) for the capture thread; a thread still
    /// blocked in the driver after that is abandoned (it is a background thread and holds nothing else).
    /// </summary>
    public async Task StopAsync(TimeSpan bound)
    {
        _stopping = true;
        _watchdog?.Dispose();
        var close = Task.Run(() =>
        {
            try
            {
                _stream.Dispose();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or ObjectDisposedException)
            {
                CameraLog.CloseFailed(_logger, _device, ex);
            }
        });

        // Real time on purpose: the bound protects shutdown from a driver, whatever clock the camera runs on.
        var finished = Task.WhenAll(close, _exited.Task);
        if (await Task.WhenAny(finished, Task.Delay(bound, TimeProvider.System)).ConfigureAwait(false) != finished)
        {
            CameraLog.CaptureThreadAbandoned(_logger, _device, bound);
        }
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                RawFrame raw;
                try
                {
                    raw = _stream.ReadFrame();
                }
#pragma warning disable CA1031 // any failure of the device read means the camera is lost; the supervisor reports the cause
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _lost.TrySetResult(ex);
                    return;
                }

                if (_stopping)
                {
                    raw.Dispose();
                    return;
                }

                Interlocked.Exchange(ref _lastArrivalTicks, _time.GetUtcNow().UtcTicks);
                var mode = _stream.Mode;
                _gate.Offer(new PendingFrame(raw, mode, _clock.ExposureStart(raw), _clock.Exposure, _sequence++));
            }
        }
        finally
        {
            _exited.TrySetResult();
        }
    }

    private void CheckForSilence()
    {
        var silent = _time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastArrivalTicks);
        if (!_stopping && silent >= FrameTimeout.Ticks)
        {
            _lost.TrySetResult(new TimeoutException($"no frame from {_device} for {TimeSpan.FromTicks(silent).TotalSeconds:0.0} s"));
        }
    }
}
