namespace FocusController.Simulation.Microscope;

/// <summary>Timing of the simulated camera: a free-running sensor like a UVC webcam.</summary>
public sealed record SimulatedCameraOptions
{
    public double FramesPerSecond { get; init; } = 15;

    public TimeSpan Exposure { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>From the end of the exposure to the frame being available (readout, USB, decode).</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(40);

    public TimeSpan FrameInterval => TimeSpan.FromSeconds(1 / FramesPerSecond);

    public void Validate()
    {
        if (!(FramesPerSecond is > 0 and <= 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond, "frame rate is more than 0 up to 1000 per second");
        }

        if (Exposure <= TimeSpan.Zero || Exposure > FrameInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(Exposure), Exposure, $"exposure is more than 0 up to the frame interval {FrameInterval}");
        }

        if (Latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Latency), Latency, "latency cannot be negative");
        }
    }
}
