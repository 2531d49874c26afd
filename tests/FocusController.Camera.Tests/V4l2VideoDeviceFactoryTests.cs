using FocusController.Camera.V4l2;

namespace FocusController.Camera.Tests;

public sealed class V4l2VideoDeviceFactoryTests : IDisposable
{
    private readonly DirectoryInfo _dev = Directory.CreateTempSubdirectory("fake-dev-");

    [Fact]
    public void Lists_video_nodes_in_index_order_and_nothing_else()
    {
        foreach (var name in new[] { "video10", "video2", "video0", "videoX", "media0", "video1-meta" })
        {
            File.WriteAllBytes(Path.Combine(_dev.FullName, name), []);
        }

        var devices = new V4l2VideoDeviceFactory(_dev.FullName, null, null).ListDevices();

        Assert.Equal(["video0", "video2", "video10"], devices.Select(Path.GetFileName));
    }

    [Fact]
    public void An_empty_or_missing_device_directory_lists_nothing()
    {
        Assert.Empty(new V4l2VideoDeviceFactory(_dev.FullName, null, null).ListDevices());
        Assert.Empty(new V4l2VideoDeviceFactory(Path.Combine(_dev.FullName, "absent"), null, null).ListDevices());
    }

    [Fact]
    public void A_missing_node_is_reported_as_not_found_naming_it()
    {
        var factory = new V4l2VideoDeviceFactory();

        var error = Assert.Throws<VideoDeviceNotFoundException>(() => factory.GetModes("/dev/video97"));
        Assert.Contains("/dev/video97", error.Message, StringComparison.Ordinal);
        Assert.Throws<VideoDeviceNotFoundException>(() => factory.Open("/dev/video97", new VideoMode(Imaging.PixelFormats.FramePixelFormat.Yuyv, 640, 480, 30), new CameraControls(true, null, null, null)));
    }

    [Fact]
    public void A_path_that_is_not_a_video_node_is_refused_before_any_ioctl()
    {
        var notANode = Path.Combine(_dev.FullName, "camera");
        File.WriteAllBytes(notANode, []);

        var error = Assert.Throws<VideoDeviceNotFoundException>(() => new V4l2VideoDeviceFactory().GetModes(notANode));

        Assert.Contains("not a /dev/videoN node", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dev.Delete(recursive: true);
}
