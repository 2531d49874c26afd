using FocusController.Imaging.PixelFormats;

namespace FocusController.Camera.Tests;

public class VideoModeSelectorTests
{
    private const string Device = "/dev/video0";

    // A typical USB microscope camera: YUYV is bandwidth-limited at large sizes, MJPEG is not.
    private static readonly VideoMode[] Typical =
    [
        new(FramePixelFormat.Yuyv, 640, 480, 30),
        new(FramePixelFormat.Yuyv, 1280, 960, 7.5),
        new(FramePixelFormat.Yuyv, 1920, 1080, 5),
        new(FramePixelFormat.Mjpeg, 640, 480, 30),
        new(FramePixelFormat.Mjpeg, 1280, 960, 30),
        new(FramePixelFormat.Mjpeg, 1920, 1080, 30),
        new(FramePixelFormat.Mjpeg, 2592, 1944, 15),
    ];

    [Fact]
    public void Auto_picks_the_highest_rate_at_or_above_1280x960_and_the_smaller_frame_on_a_tie()
    {
        var mode = VideoModeSelector.Select(Typical, new CameraOptions(), Device);

        Assert.Equal(new VideoMode(FramePixelFormat.Mjpeg, 1280, 960, 30), mode);
    }

    [Fact]
    public void Auto_prefers_yuyv_when_it_is_as_fast()
    {
        VideoMode[] modes = [new(FramePixelFormat.Mjpeg, 1280, 960, 30), new(FramePixelFormat.Yuyv, 1280, 960, 30)];

        var mode = VideoModeSelector.Select(modes, new CameraOptions(), Device);

        Assert.Equal(FramePixelFormat.Yuyv, mode.Format);
    }

    [Fact]
    public void Formats_other_than_yuyv_and_mjpeg_are_never_chosen()
    {
        VideoMode[] modes = [new(FramePixelFormat.Rgb24, 1920, 1080, 60), new(FramePixelFormat.Yuyv, 1280, 960, 10)];

        var mode = VideoModeSelector.Select(modes, new CameraOptions(), Device);

        Assert.Equal(new VideoMode(FramePixelFormat.Yuyv, 1280, 960, 10), mode);
    }

    [Fact]
    public void A_configured_format_narrows_the_choice()
    {
        var mode = VideoModeSelector.Select(Typical, new CameraOptions { PixelFormat = CameraPixelFormatChoice.Yuyv }, Device);

        Assert.Equal(new VideoMode(FramePixelFormat.Yuyv, 1280, 960, 7.5), mode);
    }

    [Fact]
    public void A_configured_size_overrides_the_minimum()
    {
        var mode = VideoModeSelector.Select(Typical, new CameraOptions { Width = 640, Height = 480 }, Device);

        Assert.Equal(640, mode.Width);
        Assert.Equal(30, mode.FramesPerSecond);
    }

    [Fact]
    public void A_configured_rate_picks_the_mode_offering_it()
    {
        var mode = VideoModeSelector.Select(Typical, new CameraOptions { FramesPerSecond = 15 }, Device);

        Assert.Equal(new VideoMode(FramePixelFormat.Mjpeg, 2592, 1944, 15), mode);
    }

    [Fact]
    public void A_configured_size_the_device_lacks_is_an_error_listing_what_it_offers()
    {
        var error = Assert.Throws<VideoModeException>(() => VideoModeSelector.Select(Typical, new CameraOptions { Width = 1024, Height = 768 }, Device));

        Assert.Contains("1024x768", error.Message, StringComparison.Ordinal);
        Assert.Contains("MJPEG 1920x1080 @ 30 fps", error.Message, StringComparison.Ordinal);
        Assert.Contains(Device, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_format_the_device_lacks_is_an_error()
    {
        VideoMode[] modes = [new(FramePixelFormat.Yuyv, 1280, 960, 10)];

        var error = Assert.Throws<VideoModeException>(() => VideoModeSelector.Select(modes, new CameraOptions { PixelFormat = CameraPixelFormatChoice.Mjpeg }, Device));

        Assert.Contains("mjpeg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_mode_of_1280x960_the_largest_is_taken()
    {
        VideoMode[] modes = [new(FramePixelFormat.Yuyv, 640, 480, 30), new(FramePixelFormat.Yuyv, 800, 600, 20), new(FramePixelFormat.Mjpeg, 320, 240, 60)];

        var mode = VideoModeSelector.Select(modes, new CameraOptions(), Device);

        Assert.Equal(new VideoMode(FramePixelFormat.Yuyv, 800, 600, 20), mode);
    }

    [Fact]
    public void A_device_without_yuyv_or_mjpeg_is_an_error()
    {
        VideoMode[] modes = [new(FramePixelFormat.Rgb24, 640, 480, 30)];

        Assert.Throws<VideoModeException>(() => VideoModeSelector.Select(modes, new CameraOptions(), Device));
    }
}
