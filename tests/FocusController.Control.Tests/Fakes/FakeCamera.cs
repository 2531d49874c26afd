using FocusController.Camera;

namespace FocusController.Control.Tests.Fakes;

/// <summary>
/// A camera on a fixed frame clock in simulated time. It records a stale-frame violation whenever a frame it hands
/// out was exposed before the last move ended plus <see cref="RequiredSettle"/>.
/// </summary>
internal sealed class FakeCamera(FakeMicroscope microscope) : ICamera
{
    public TimeSpan FramePeriod { get; set; } = TimeSpan.FromMilliseconds(40);

    public TimeSpan Exposure { get; set; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan Readout { get; set; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan RequiredSettle { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>After this many frames the camera is unplugged.</summary>
    public int? LostAfterFrames { get; set; }

    public int Frames { get; private set; }

    public int StaleFrames { get; private set; }

    public List<FrameTruth> Delivered { get; } = [];

    public CameraState State { get; private set; } = CameraState.Streaming;

    public async ValueTask<CapturedFrame> GetFrameAsync(DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        if (LostAfterFrames is { } lost && Frames >= lost)
        {
            State = CameraState.CameraLost;
            throw new CameraLostException("fake camera unplugged");
        }

        var clock = microscope.Clock;
        var now = clock.GetUtcNow();
        var earliest = notBefore > now ? notBefore : now;
        var sinceEpoch = (earliest - FakeMicroscope.Epoch).Ticks;
        var slots = (sinceEpoch + FramePeriod.Ticks - 1) / FramePeriod.Ticks;
        var exposureStart = FakeMicroscope.Epoch + TimeSpan.FromTicks(slots * FramePeriod.Ticks);
        await Task.Delay(exposureStart + Exposure + Readout - now, clock, cancellationToken);

        if (exposureStart < microscope.Drive.LastMoveEnd + RequiredSettle && microscope.Drive.LastMoveEnd != DateTimeOffset.MinValue)
        {
            StaleFrames++;
        }

        Frames++;
        var image = microscope.Expose(exposureStart);
        Delivered.Add(microscope.TruthOf(image));
        return new CapturedFrame(image, exposureStart, Exposure, Frames);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
