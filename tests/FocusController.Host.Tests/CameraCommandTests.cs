using System.CommandLine;
using FocusController.Camera;
using FocusController.Camera.V4l2;
using FocusController.Host.Commands;
using FocusController.Imaging;
using FocusController.Imaging.PixelFormats;

namespace FocusController.Host.Tests;

public sealed class CameraCommandTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("focusctl-camera-");

    [Fact]
    public async Task List_without_devices_says_so_and_succeeds()
    {
        var emptyDev = _scratch.CreateSubdirectory("dev");

        var (exit, output) = await Invoke(() => new V4l2VideoDeviceFactory(emptyDev.FullName, null, null), "camera", "list");

        Assert.Equal(0, exit);
        Assert.Contains("no video devices found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_each_device_with_its_formats_sizes_and_rates()
    {
        var (exit, output) = await Invoke(() => new SyntheticCamera(), "camera", "list");

        Assert.Equal(0, exit);
        Assert.Contains("/dev/video0", output, StringComparison.Ordinal);
        Assert.Contains("YUYV  640x480  30, 15 fps", output, StringComparison.Ordinal);
        Assert.Contains("MJPEG 320x240  60 fps", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snap_of_a_missing_device_exits_2_with_one_line_naming_it()
    {
        var png = Path.Combine(_scratch.FullName, "frame.png");

        var (exit, output) = await CommandLineTests.Invoke("camera", "snap", "--device", "99", "--out", png);

        Assert.Equal(ToolAction.UsageExitCode, exit);
        Assert.Contains("/dev/video99", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
        Assert.False(File.Exists(png));
    }

    [Fact]
    public async Task Snap_writes_a_fresh_frame_as_png()
    {
        var png = Path.Combine(_scratch.FullName, "frame.png");
        var device = new SyntheticCamera();

        var (exit, output) = await Invoke(() => device, "camera", "snap", "--device", "0", "--out", png);

        Assert.True(exit == 0, output);
        var image = ImageFile.Read(png);
        Assert.Equal(640, image.Width);
        var pixel = image.ReadOnlyRow(240).Slice(320 * 3, 3).ToArray();
        Assert.InRange(pixel[0], 198, 202);
        Assert.InRange(pixel[1], 118, 122);
        Assert.InRange(pixel[2], 38, 42);
        Assert.True(device.FramesRead > 1, "the first frames predate the command and must not be the one saved");
    }

    [Fact]
    public async Task Snap_refuses_an_output_that_is_not_png()
    {
        var (exit, output) = await Invoke(() => new SyntheticCamera(), "camera", "snap", "--out", Path.Combine(_scratch.FullName, "frame.jpg"));

        Assert.Equal(ToolAction.UsageExitCode, exit);
        Assert.Contains("--out frame.jpg", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snap_names_the_option_of_a_bad_manual_setting()
    {
        var (exit, output) = await Invoke(() => new SyntheticCamera(), "camera", "snap", "--exposure-us", "0", "--out", Path.Combine(_scratch.FullName, "frame.png"));

        Assert.Equal(ToolAction.UsageExitCode, exit);
        Assert.Contains("--exposure-us is 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snap_passes_manual_settings_to_the_device()
    {
        var device = new SyntheticCamera();

        var (exit, output) = await Invoke(() => device, "camera", "snap", "--exposure-us", "8000", "--gain", "3", "--wb-kelvin", "5000", "--out", Path.Combine(_scratch.FullName, "frame.png"));

        Assert.True(exit == 0, output);
        Assert.Equal(new CameraControls(true, 8000, 3, 5000), device.LastControls);
    }

    [Fact]
    public async Task Snap_reports_a_device_it_may_not_query_with_exit_3_and_a_hint()
    {
        var device = new SyntheticCamera { ModesError = new IOException("Error 13. Can not open video device file '/dev/video0'.") };

        var (exit, output) = await Invoke(() => device, "camera", "snap", "--out", Path.Combine(_scratch.FullName, "frame.png"));

        Assert.Equal(CameraCommand.CameraFailedExitCode, exit);
        Assert.Contains("'video' group", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_reports_a_device_it_may_not_query_and_goes_on()
    {
        var device = new SyntheticCamera { ModesError = new IOException("Error 13. Can not open video device file '/dev/video0'.") };

        var (exit, output) = await Invoke(() => device, "camera", "list");

        Assert.Equal(0, exit);
        Assert.Contains("cannot query: Error 13", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snap_reports_a_camera_that_fails_to_open_with_exit_3()
    {
        var device = new SyntheticCamera { OpenError = new IOException("Error 13. Can not open video device file '/dev/video0'.") };

        var (exit, output) = await Invoke(() => device, "camera", "snap", "--out", Path.Combine(_scratch.FullName, "frame.png"));

        Assert.Equal(CameraCommand.CameraFailedExitCode, exit);
        Assert.Contains("Error 13", output, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    private static async Task<(int Exit, string Output)> Invoke(Func<IVideoDeviceFactory> devices, params string[] args)
    {
        using var output = new StringWriter();
        var root = new RootCommand("test") { CameraCommand.Create(devices, TimeProvider.System) };
        int exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    /// <summary>A camera at /dev/video0 that streams a flat colour in YUYV, a frame every 5 ms, stamped with the real clock.</summary>
    private sealed class SyntheticCamera : IVideoDeviceFactory
    {
        private int _framesRead;

        public Exception? OpenError { get; init; }

        public int FramesRead => Volatile.Read(ref _framesRead);

        public IReadOnlyList<string> ListDevices() => ["/dev/video0"];

        public Exception? ModesError { get; init; }

        public IReadOnlyList<VideoMode> GetModes(string devicePath) => ModesError is not null ? throw ModesError : devicePath == "/dev/video0"
            ? [new(FramePixelFormat.Yuyv, 640, 480, 30), new(FramePixelFormat.Yuyv, 640, 480, 15), new(FramePixelFormat.Mjpeg, 320, 240, 60)]
            : throw new VideoDeviceNotFoundException($"{devicePath}: no such video device");

        public CameraControls? LastControls { get; private set; }

        public IVideoCapture Open(string devicePath, VideoMode mode, CameraControls controls)
        {
            LastControls = controls;
            return OpenError is null ? new Stream(this, mode) : throw OpenError;
        }

        private sealed class Stream(SyntheticCamera owner, VideoMode mode) : IVideoCapture
        {
            private readonly byte[] _frame = Yuyv.FromRgb(Flat(mode.Width, mode.Height));
            private volatile bool _closed;

            public VideoMode Mode => mode;

            public RawFrame ReadFrame()
            {
                Thread.Sleep(5);
                if (_closed)
                {
                    throw new IOException("closed");
                }

                Interlocked.Increment(ref owner._framesRead);
                return new RawFrame(_frame, _frame.Length, TimeProvider.System.GetUtcNow());
            }

            public void Dispose() => _closed = true;

            private static RgbImage Flat(int width, int height)
            {
                var image = new RgbImage(width, height);
                for (int i = 0; i < image.Pixels.Length; i += 3)
                {
                    image.Pixels[i] = 200;
                    image.Pixels[i + 1] = 120;
                    image.Pixels[i + 2] = 40;
                }

                return image;
            }
        }
    }
}
