using System.Device.Gpio;
using FocusController.Control;
using FocusController.Control.Timing;
using FocusController.Host.Configuration;
using FocusController.Host.Daemon;
using FocusController.Imaging.FocusMeasures;
using FocusController.Inference;
using FocusController.Motion;
using FocusController.Simulation.Microscope;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;
using FocusController.Simulation.Stage;

namespace FocusController.Host.Bench;

/// <summary>
/// One trial's virtual box on its own simulated clock: the real <see cref="FocusAxis"/> over a simulated stage (as
/// the daemon's simulate mode builds it), a camera at the configured frame rate rendering the specimen at the stage's
/// true defocus, and the estimator charged its measured inference time. The axis starts at 0; focus lies at
/// −<c>startDefocusUm</c>, so the true defocus is the stage's position minus that.
/// </summary>
public sealed class VirtualBenchRig : IAsyncDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly SimulatedStageDriver _stage;
    private readonly GpioController _gpio;
    private readonly FocusAxis _axis;
    private readonly double _focusAtUm;

    private VirtualBenchRig(
        BenchRigSettings settings, Specimen specimen, double startDefocusUm, IDefocusEstimator? estimator, TimeSpan inferenceTime, int seed, double driftUmPerHour)
    {
        Clock = new VirtualClock(Epoch);
        _focusAtUm = -startDefocusUm;
        var simulation = new SimulationOptions { BacklashUm = settings.StagePlayUm, DriftUmPerHour = driftUmPerHour };
        var pulses = settings.PulseMotor();
        _stage = new SimulatedStageDriver(VirtualRigSource.StageFor(pulses, simulation, seed), Clock);
        _gpio = new GpioController(_stage);
        try
        {
            _axis = FocusAxis.Open(pulses, _gpio, time: Clock);
            Drive = new SimulatedTimeDrive(_axis, _stage, Clock, new MotorTiming(settings.Motor));
            double resolution = settings.RenderResolutionUm;
            var microscope = new VirtualMicroscope(
                specimen,
                settings.Optics,
                settings.FrameWidth,
                settings.FrameHeight,
                SensorModel.Default,
                at => resolution > 0 ? Math.Round(TrueDefocusAt(at) / resolution) * resolution : TrueDefocusAt(at),
                settings.Cache);
            Camera = new TruthRecordingCamera(
                new SimulatedCamera(microscope, new SimulatedCameraOptions { FramesPerSecond = settings.FramesPerSecond }, Clock, seed),
                TrueDefocusAt);
            var timed = estimator is null ? null : new SimulatedInferenceTime(estimator, Clock, inferenceTime);
            Rig = new FocusRig(Camera, Drive, new NormalizedVariance(), timed, Clock);
        }
        catch
        {
            _axis?.Dispose();
            _gpio.Dispose();
            throw;
        }
    }

    public VirtualClock Clock { get; }

    public FocusRig Rig { get; }

    public SimulatedTimeDrive Drive { get; }

    public TruthRecordingCamera Camera { get; }

    /// <summary>True defocus now: the stage's true position (mechanics and drift) minus where focus lies, µm.</summary>
    public double TrueDefocusUm => TrueDefocusAt(Clock.GetUtcNow());

    /// <summary>The stage's true mechanical position now, µm, in the axis's frame (both start at 0).</summary>
    public double StagePositionUm => _stage.MechanicalPositionUm;

    /// <summary>
    /// A rig on <paramref name="specimen"/> starting <paramref name="startDefocusUm"/> from focus. The estimator (null:
    /// no model, classic only) is shared, not owned; <paramref name="seed"/> seeds the camera noise and the stage's wander.
    /// </summary>
    public static VirtualBenchRig Open(
        BenchRigSettings settings,
        Specimen specimen,
        double startDefocusUm,
        IDefocusEstimator? estimator,
        TimeSpan inferenceTime,
        int seed,
        double driftUmPerHour = 0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(specimen);
        return new VirtualBenchRig(settings, specimen, startDefocusUm, estimator, inferenceTime, seed, driftUmPerHour);
    }

    /// <summary>The held-out procedural specimen of a trial, on the grid the bench frame renders from.</summary>
    public static Specimen Specimen(BenchRigSettings settings, string kind, int seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!SpecimenKinds.TryGet(kind, out var generator))
        {
            throw new ArgumentException($"unknown specimen kind '{kind}'; known kinds: {SpecimenKinds.Names}", nameof(kind));
        }

        return generator.Generate(SpecimenGrid.ForFrame(settings.Optics, settings.FrameWidth, settings.FrameHeight), seed);
    }

    /// <summary>An empty slide: uniform transmission, nothing to focus on.</summary>
    public static Specimen BlankField(BenchRigSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var grid = SpecimenGrid.ForFrame(settings.Optics, settings.FrameWidth, settings.FrameHeight);
        int count = grid.Width * grid.Height;
        return new Specimen("blank", grid.Width, grid.Height, grid.SpacingUm, new float[count], [new float[count], new float[count], new float[count]]);
    }

    public async ValueTask DisposeAsync()
    {
        await Camera.DisposeAsync().ConfigureAwait(false);
        _axis.Dispose();
        _gpio.Dispose();
    }

    private double TrueDefocusAt(DateTimeOffset at) => _stage.TruePositionUm(at) - _focusAtUm;
}
