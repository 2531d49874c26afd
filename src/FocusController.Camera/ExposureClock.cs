namespace FocusController.Camera;

/// <summary>
/// Estimates when a frame's exposure began, the time the fresh-frame rule compares against. The rule:
/// <list type="bullet">
/// <item>When the driver reports the start of frame (the first USB packet, V4L2_BUF_FLAG_TSTAMP_SRC_SOE, which a UVC
/// camera sends once the sensor starts reading out): exposure start = start of frame − exposure.</item>
/// <item>Otherwise (VideoDevice 4.2.0 does not pass the V4L2 timestamp on): exposure start = arrival − one frame
/// period (readout and transfer of the whole frame) − exposure.</item>
/// </list>
/// The exposure is the configured manual exposure, or one frame period when exposure is automatic (it cannot be
/// longer while streaming at that rate). Both rules err early: a frame judged older than it is costs one frame of
/// latency, a frame judged newer than it is could have been exposed while the knob turned.
/// </summary>
public sealed class ExposureClock
{
    public ExposureClock(VideoMode mode, CameraControls controls)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(controls);
        FramePeriod = mode.FramePeriod;
        Exposure = controls.Manual && controls.ExposureMicroseconds is int us
            ? TimeSpan.FromMicroseconds(us)
            : FramePeriod;
    }

    public TimeSpan FramePeriod { get; }

    public TimeSpan Exposure { get; }

    public DateTimeOffset ExposureStart(RawFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.StartOfFrameAt is DateTimeOffset sof
            ? sof - Exposure
            : frame.ArrivedAt - FramePeriod - Exposure;
    }
}
