using System.Device.Gpio;
using FocusController.Control;
using FocusController.Control.Timing;
using FocusController.Imaging.FocusMeasures;
using FocusController.Inference;
using FocusController.Motion;
using FocusController.Simulation.Microscope;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;
using FocusController.Simulation.Stage;

namespace FocusController.Bench;

/// <summary>
/// One trial's virtual box on its own simulated clock: the real <see cref="FocusAxis"/> over a simulated stage (as
/// the daemon's simulate mode builds it), a camera at the configured frame rate rendering the specimen at the stage's
/// true defocus, and the estimator charged its measured inference time. The axis starts at 0 with the knob's play
/// taken up and the focus plane <c>startDefocusUm</c> from focus.
/// </summary>
public sealed class VirtualBenchRig : IAsyncDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly SimulatedStageDriver _stage;
    private readonly GpioController _gpio;
    private readonly FocusAxis _axis;
    private readonly double _focusAtUm;

    private VirtualBenchRig(
        BenchRigSettings settings, Specimen specimen, double startDefocusUm, IDefocusEstimator? estimator, TimeSpan inferenceTime, int seed, double driftUmPerHour, double? focalPlaneUm)
    {
        Clock = new VirtualClock(Epoch);
        var pulses = settings.PulseMotor();
        _stage = new SimulatedStageDriver(SimulatedStageOptions.ForMotor(pulses, settings.StagePlayUm, driftUmPerHour, seed), Clock);
        _gpio = new GpioController(_stage);
        try
        {
            _axis = FocusAxis.Open(pulses, _gpio, time: Clock);
            TakeUpPlay();
            // focus is placed from where the plane is once the play is taken up, so the run starts exactly there
            _focusAtUm = _stage.TruePositionUm(Clock.GetUtcNow()) - startDefocusUm;
            Drive = new SimulatedTimeDrive(_axis, _stage, Clock, new MotorTiming(settings.Motor), pulses.ApproachFrom);
            double resolution = settings.RenderResolutionUm;
            var microscope = new VirtualMicroscope(
                specimen,
                settings.Optics,
                settings.FrameWidth,
                settings.FrameHeight,
                SensorModel.Default,
                at => resolution > 0 ? Math.Round(TrueDefocusAt(at) / resolution) * resolution : TrueDefocusAt(at),
                settings.Cache,
                focalPlaneUm);
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

    /// <summary>Where the focus plane's mechanics are, µm (the motor's position less the knob's play, without drift).</summary>
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
        double driftUmPerHour = 0,
        double? focalPlaneUm = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(specimen);
        return new VirtualBenchRig(settings, specimen, startDefocusUm, estimator, inferenceTime, seed, driftUmPerHour, focalPlaneUm);
    }

    /// <summary>
    /// The held-out specimen of a trial, on the grid the bench frame renders from: a procedural kind, or for
    /// <see cref="ImageKind"/> a window of a held-out corpus image (chosen, placed and given its matter by the seed).
    /// </summary>
    public static Specimen Specimen(BenchRigSettings settings, string kind, int seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (kind != ImageKind)
        {
            return SpecimenKinds.ForFrame(kind, settings.Optics, settings.FrameWidth, settings.FrameHeight, seed);
        }

        var heldout = settings.HeldoutImages;
        if (heldout.Count == 0)
        {
            throw new InvalidOperationException("image trials need the specimen corpus's held-out images");
        }

        var random = new Random(seed);
        var source = heldout[random.Next(heldout.Count)];
        var image = settings.Corpus!.Read(source);
        int w = Math.Min(image.Width, 2 * settings.FrameWidth);
        int h = Math.Min(image.Height, 2 * settings.FrameHeight);
        var window = image.Crop(random.Next(image.Width - w + 1), random.Next(image.Height - h + 1), w, h);
        // the grid holds the blur of the near range; far starts see the image's own mirror wrap in a frame that is a blur anyway
        return ImageSpecimen.Create(window, settings.Optics, settings.FrameWidth, settings.FrameHeight, settings.ImageMarginUm, ImageMatter.Draw(random));
    }

    /// <summary>The bench's kind for held-out corpus images.</summary>
    public const string ImageKind = "image";

    /// <summary>An empty slide: uniform transmission, nothing to focus on.</summary>
    /// <summary>Where a specimen's physical focal plane lies from its clarity plane in the bench's frame, found once for every contender.</summary>
    public static double FocalPlaneUm(BenchRigSettings settings, Specimen specimen)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new FieldRenderer(new SpecimenRenderer(specimen, settings.Optics, settings.FrameWidth, settings.FrameHeight, settings.Cache)).FocalPlaneUm;
    }

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

    /// <summary>
    /// A knob powers up with its play on either side; the axis assumes nothing and approaches every target from one
    /// side. One approach to 0 before the trial leaves the play where every later move leaves it, as the earlier
    /// focusing of a session would, so the first move of a trial is not 2 µm off for a reason no strategy can know.
    /// The axis is used directly: these moves cost no simulated time and count for no trial.
    /// </summary>
    private void TakeUpPlay()
    {
        if (_axis.MinPositionUm <= -1)
        {
            Clock.Run(async () =>
            {
                await _axis.MoveToAsync(-1, CancellationToken.None).ConfigureAwait(false);
                await _axis.MoveToAsync(0, CancellationToken.None).ConfigureAwait(false);
            });
        }
    }

    private double TrueDefocusAt(DateTimeOffset at) => _stage.TruePositionUm(at) - _focusAtUm;
}
