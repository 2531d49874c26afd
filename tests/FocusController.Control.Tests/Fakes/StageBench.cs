using System.Device.Gpio;
using System.Runtime.CompilerServices;
using FocusController.Camera;
using FocusController.Control.Timing;
using FocusController.Imaging;
using FocusController.Inference;
using FocusController.Motion;
using FocusController.Motion.Options;
using FocusController.Simulation.Stage;

namespace FocusController.Control.Tests.Fakes;

/// <summary>
/// The real <see cref="FocusAxis"/> driving the simulated stage through its GPIO driver, with a stage whose true lead,
/// play and wiring the test chooses (the axis config may believe another lead), and a camera, model and focus measure
/// that answer from the stage's true focus-plane position. Time is simulated.
/// </summary>
internal sealed class StageBench : IDisposable
{
    private readonly ConditionalWeakTable<RgbImage, StrongBox<double>> _truth = [];
    private readonly GpioController _gpio;

    public StageBench(double trueUmPerMicrostep, double configuredUmPerMicrostep, double backlashUm, bool dirHighIsPositive, double focusAtUm, int seed)
    {
        Clock = new VirtualClock(FakeMicroscope.Epoch);
        Stage = new SimulatedStageDriver(
            new SimulatedStageOptions
            {
                StepPin = 20,
                DirPin = 21,
                EnablePin = 16,
                DirHighIsPositive = dirHighIsPositive,
                UmPerMicrostep = trueUmPerMicrostep,
                BacklashUm = backlashUm,
                Seed = seed,
            },
            Clock);
        _gpio = new GpioController(Stage);
        Axis = FocusAxis.Open(
            new FocusDriveOptions
            {
                Driver = DriverType.A4988,
                StepDir = new StepDirPinOptions { StepPin = 20, DirPin = 21, EnablePin = 16 },
                UmPerMicrostep = configuredUmPerMicrostep,

                // calibration measures the play, so the axis must not take it up
                BacklashUm = 0,
                MaxSpeedUmPerSecond = 15_000 * configuredUmPerMicrostep,
                AccelerationUmPerSecondSquared = 100_000,
                MaxMoveUm = 150,
            },
            _gpio,
            time: Clock);
        FocusAtUm = focusAtUm;
        Camera = new TruthCamera(this);
        Estimator = new TruthEstimator(this, seed);
        Measure = new LorentzianMeasure(this, seed + 1);
    }

    public VirtualClock Clock { get; }

    public SimulatedStageDriver Stage { get; }

    public FocusAxis Axis { get; }

    /// <summary>Where the specimen is in focus, in the stage's true coordinates.</summary>
    public double FocusAtUm { get; set; }

    public TruthCamera Camera { get; }

    public TruthEstimator Estimator { get; }

    public LorentzianMeasure Measure { get; }

    public FocusRig Rig => new(Camera, Axis, Measure, Estimator, Clock);

    public double TrueDefocusUm => Stage.TruePositionUm(Clock.GetUtcNow()) - FocusAtUm;

    public double TruthOf(RgbImage image) =>
        _truth.TryGetValue(image, out var box) ? box.Value : throw new InvalidOperationException("not a frame of this bench");

    public void Dispose()
    {
        Axis.Dispose();
        _gpio.Dispose();
    }

    internal sealed class TruthCamera(StageBench bench) : ICamera
    {
        private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);
        private long _sequence;

        public CameraState State => CameraState.Streaming;

        public async ValueTask<CapturedFrame> GetFrameAsync(DateTimeOffset notBefore, CancellationToken cancellationToken)
        {
            var now = bench.Clock.GetUtcNow();
            var start = notBefore > now ? notBefore : now;
            await Task.Delay(start - now + Period, bench.Clock, cancellationToken);
            var image = new RgbImage(1, 1);
            bench._truth.Add(image, new StrongBox<double>(bench.Stage.TruePositionUm(start) - bench.FocusAtUm));
            return new CapturedFrame(image, start, Period, ++_sequence);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A well-trained model: the true defocus plus normal noise, saturated at ± its range.</summary>
    internal sealed class TruthEstimator(StageBench bench, int seed) : IDefocusEstimator
    {
        private readonly GaussianNoise _noise = new(seed);

        public double RangeUm => 10;

        public double? NearFocusGain => null;

        public double NoiseUm { get; set; } = 0.3;

        public DefocusEstimate Estimate(RgbImage frame)
        {
            var value = Math.Clamp(bench.TruthOf(frame) + _noise.Next(NoiseUm), -RangeUm, RangeUm);
            return new DefocusEstimate(EstimateStatus.Ok, value, 0.9, [], TimeSpan.Zero);
        }
    }

    /// <summary>A focus-measure curve 1/(1+(z/w)²) over a floor, with relative noise.</summary>
    internal sealed class LorentzianMeasure(StageBench bench, int seed) : IFocusMeasure
    {
        private readonly GaussianNoise _noise = new(seed);

        public string Name => "fake-lorentzian";

        public double WidthUm { get; set; } = 3;

        public double Contrast { get; set; } = 1;

        public double Score(RgbImage image)
        {
            var z = bench.TruthOf(image) / WidthUm;
            return 0.05 + (Contrast * (1 / (1 + (z * z))) * (1 + _noise.Next(0.005)));
        }
    }
}
