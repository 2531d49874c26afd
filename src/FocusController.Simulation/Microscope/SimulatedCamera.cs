using FocusController.Camera;
using FocusController.Simulation.Sensor;

namespace FocusController.Simulation.Microscope;

/// <summary>
/// An <see cref="ICamera"/> over a <see cref="VirtualMicroscope"/>: a free-running sensor whose exposures start every
/// frame interval from the moment it was created, each frame available exposure + latency after it began. Time comes
/// from the injected <see cref="TimeProvider"/>, so tests step it with a fake clock.
/// </summary>
public sealed class SimulatedCamera : ICamera
{
    private readonly VirtualMicroscope _microscope;
    private readonly SimulatedCameraOptions _options;
    private readonly TimeProvider _time;
    private readonly long _noiseSeed;
    private readonly DateTimeOffset _epoch;
    private readonly Lock _lock = new();
    private long _lastSequence = -1;

    public SimulatedCamera(VirtualMicroscope microscope, SimulatedCameraOptions options, TimeProvider timeProvider, long noiseSeed = 1)
    {
        _microscope = microscope ?? throw new ArgumentNullException(nameof(microscope));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _noiseSeed = noiseSeed;
        _epoch = _time.GetUtcNow();
        State = CameraState.Streaming;
    }

    public CameraState State { get; private set; }

    /// <summary>Makes the camera disappear, as when its USB cable is pulled: every later request throws.</summary>
    public void Unplug() => State = CameraState.CameraLost;

    public async ValueTask<CapturedFrame> GetFrameAsync(DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        long sequence;
        lock (_lock)
        {
            // the first exposure starting at or after notBefore, never one already delivered
            double intervals = (notBefore - _epoch).Ticks / (double)_options.FrameInterval.Ticks;
            sequence = Math.Max((long)Math.Ceiling(intervals - 1e-9), _lastSequence + 1);
            sequence = Math.Max(sequence, 0);
            _lastSequence = sequence;
        }

        var exposureStart = _epoch + (_options.FrameInterval * sequence);
        var available = exposureStart + _options.Exposure + _options.Latency;
        var wait = available - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        ThrowIfUnavailable();
        var image = _microscope.Expose(exposureStart, _options.Exposure, new NoiseSource((_noiseSeed << 24) ^ sequence));
        return new CapturedFrame(image, exposureStart, _options.Exposure, sequence);
    }

    public ValueTask DisposeAsync()
    {
        if (State == CameraState.Streaming)
        {
            State = CameraState.Stopped;
        }

        return ValueTask.CompletedTask;
    }

    private void ThrowIfUnavailable()
    {
        if (State == CameraState.CameraLost)
        {
            throw new CameraLostException("simulated camera: unplugged");
        }

        ObjectDisposedException.ThrowIf(State == CameraState.Stopped, this);
    }
}
