using FocusController.Camera;
using FocusController.Imaging;
using FocusController.Simulation.Microscope;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Sensor;
using Microsoft.Extensions.Time.Testing;

namespace FocusController.Simulation.Tests;

public class SimulatedCameraTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly SimulatedCameraOptions Options = new()
    {
        FramesPerSecond = 10,
        Exposure = TimeSpan.FromMilliseconds(20),
        Latency = TimeSpan.FromMilliseconds(30),
    };

    private sealed class Stage
    {
        public List<DateTimeOffset> Asked { get; } = [];

        public double Z { get; set; }

        public double DefocusAt(DateTimeOffset t)
        {
            lock (Asked)
            {
                Asked.Add(t);
            }

            return Z;
        }
    }

    private static (SimulatedCamera Camera, FakeTimeProvider Time, Stage Stage) Create()
    {
        var time = new FakeTimeProvider(T0);
        var stage = new Stage();
        var microscope = VirtualMicroscope.WithProceduralSpecimen("blood", 5, OpticalSetup.Nominal(ObjectiveProfiles.Plan20x075), 48, 48, SensorModel.Default, stage.DefocusAt);
        return (new SimulatedCamera(microscope, Options, time), time, stage);
    }

    [Fact]
    public async Task A_frame_is_the_first_exposure_starting_at_or_after_notBefore_and_waits_for_its_readout()
    {
        var (camera, time, stage) = Create();

        var pending = camera.GetFrameAsync(T0.AddMilliseconds(150), CancellationToken.None).AsTask();
        // exposure 200 ms .. 220 ms, available 30 ms later
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var frame = await pending;

        Assert.Equal(T0.AddMilliseconds(200), frame.ExposureStart);
        Assert.Equal(2, frame.Sequence);
        Assert.Equal(Options.Exposure, frame.Exposure);
        Assert.Equal((48, 48), (frame.Image.Width, frame.Image.Height));
        Assert.All(stage.Asked, t => Assert.InRange(t, T0.AddMilliseconds(200), T0.AddMilliseconds(220)));
    }

    [Fact]
    public async Task An_old_notBefore_gives_the_next_frame_not_one_already_delivered()
    {
        var (camera, time, _) = Create();
        time.Advance(TimeSpan.FromSeconds(1));

        var first = await camera.GetFrameAsync(T0, CancellationToken.None);
        var second = camera.GetFrameAsync(T0, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(100));
        var next = await second;

        Assert.Equal(0, first.Sequence);
        Assert.Equal(1, next.Sequence);
        Assert.True(next.ExposureStart > first.ExposureStart);
    }

    [Fact]
    public async Task Frames_follow_the_stage_defocus()
    {
        var (camera, time, stage) = Create();
        time.Advance(TimeSpan.FromSeconds(1));

        stage.Z = 0;
        var focused = await camera.GetFrameAsync(T0, CancellationToken.None);
        stage.Z = 10;
        var defocused = await camera.GetFrameAsync(T0, CancellationToken.None);

        Assert.True(Contrast(focused.Image) > 1.3 * Contrast(defocused.Image), $"{Contrast(focused.Image)} vs {Contrast(defocused.Image)}");
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_and_an_unplugged_camera_throws()
    {
        var (camera, _, _) = Create();
        using var cancel = new CancellationTokenSource();
        var pending = camera.GetFrameAsync(T0.AddSeconds(5), cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        camera.Unplug();
        Assert.Equal(CameraState.CameraLost, camera.State);
        await Assert.ThrowsAsync<CameraLostException>(() => camera.GetFrameAsync(T0, CancellationToken.None).AsTask());
    }

    private static double Contrast(RgbImage image)
    {
        var green = image.Pixels.Where((_, i) => i % 3 == 1).Select(p => (double)p).ToArray();
        double mean = green.Average();
        return Math.Sqrt(green.Average(p => (p - mean) * (p - mean)));
    }
}
