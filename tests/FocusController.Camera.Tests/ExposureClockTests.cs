using FocusController.Imaging.PixelFormats;

namespace FocusController.Camera.Tests;

public class ExposureClockTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly VideoMode Mode = new(FramePixelFormat.Mjpeg, 1280, 960, 25);

    [Fact]
    public void Without_a_driver_timestamp_exposure_began_a_frame_period_and_the_exposure_before_arrival()
    {
        var clock = new ExposureClock(Mode, new CameraControls(true, 8000, null, null));

        var start = clock.ExposureStart(new RawFrame([], 0, Arrival));

        Assert.Equal(Arrival - TimeSpan.FromMilliseconds(40) - TimeSpan.FromMilliseconds(8), start);
    }

    [Fact]
    public void With_a_start_of_frame_timestamp_exposure_began_one_exposure_before_it()
    {
        var clock = new ExposureClock(Mode, new CameraControls(true, 8000, null, null));
        var startOfFrame = Arrival - TimeSpan.FromMilliseconds(35);

        var start = clock.ExposureStart(new RawFrame([], 0, Arrival, startOfFrame));

        Assert.Equal(startOfFrame - TimeSpan.FromMilliseconds(8), start);
    }

    [Fact]
    public void Automatic_exposure_is_bounded_by_the_frame_period()
    {
        var clock = new ExposureClock(Mode, new CameraControls(false, null, null, null));

        Assert.Equal(TimeSpan.FromMilliseconds(40), clock.Exposure);
        Assert.Equal(Arrival - TimeSpan.FromMilliseconds(80), clock.ExposureStart(new RawFrame([], 0, Arrival)));
    }
}
