using System.Device.Gpio;
using FocusController.Control;
using FocusController.Host.Configuration;
using FocusController.Imaging;
using FocusController.Imaging.FocusMeasures;
using FocusController.Motion;
using FocusController.Motion.Options;
using FocusController.Simulation.Microscope;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;
using FocusController.Simulation.Stage;
using Microsoft.Extensions.Logging;

namespace FocusController.Host.Daemon;

/// <summary>
/// The whole box on the virtual microscope: the real <see cref="FocusAxis"/> drives a simulated stage through a
/// simulated GpioDriver (same pins as the Motor config), and a simulated camera renders the specimen at the
/// stage's true defocus. Only the camera and the motor's far side are simulated.
/// </summary>
public sealed partial class VirtualRigSource(
    LiveOptions<FocusDriveOptions> motor,
    LiveOptions<ModelOptions> model,
    LiveOptions<SimulationOptions> simulation,
    TimeProvider time,
    ILoggerFactory loggers) : IRigSource
{
    private readonly ILogger _logger = loggers.CreateLogger<VirtualRigSource>();

    public Task<RigParts> OpenAsync(CancellationToken cancellationToken)
    {
        var sim = simulation.Current;
        var profile = ObjectiveProfiles.Get(model.Current.Objective);
        int seed = sim.Seed ?? Random.Shared.Next(1, int.MaxValue);
        var random = new Random(seed);
        string kind = sim.Specimen.Equals("random", StringComparison.OrdinalIgnoreCase)
            ? SpecimenKinds.All[random.Next(SpecimenKinds.All.Count)].Kind
            : sim.Specimen.ToLowerInvariant();
        double startDefocus = sim.StartDefocusUm ?? ((random.NextDouble() * 2) - 1) * sim.StartRangeUm;
        LogVirtualMicroscope(_logger, kind, seed, startDefocus, profile.Name, sim.DriftUmPerHour);

        var owner = new OwnedDevices();
        try
        {
            var (estimator, problem) = EstimatorLoader.TryOpen(model.Current, profile);
            owner.Add(estimator);

            var motorOptions = motor.Current;
            var stage = new SimulatedStageDriver(StageFor(motorOptions, sim, seed), time);
            var gpio = new GpioController(stage);
            owner.Add(gpio);
            var axis = FocusAxis.Open(motorOptions, gpio, loggers.CreateLogger<FocusAxis>(), time);
            owner.Add(axis);

            // the in-focus plane sits where the stage must go: defocus = true stage position - focus position
            double focusAtUm = -startDefocus;
            var microscope = VirtualMicroscope.WithProceduralSpecimen(
                kind, seed, OpticalSetup.Nominal(profile), sim.Width, sim.Height, SensorModel.Default, at => stage.TruePositionUm(at) - focusAtUm, new TransferFunctionCache(LiveCacheBytes));
            var camera = new SimulatedCamera(microscope, new SimulatedCameraOptions { FramesPerSecond = sim.FramesPerSecond }, time, seed);
            owner.Add(camera);

            var rig = new FocusRig(camera, axis, new NormalizedVariance(), estimator, time);
            return Task.FromResult(new RigParts(rig, profile, problem, Simulated: true, owner));
        }
        catch
        {
            owner.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// A live microscope drifts, so it seldom sees the same 0.01 um twice: a cache bigger than a few transfer functions
    /// would only hold memory for hours. Datasets, which revisit every z, keep the simulator's larger default.
    /// </summary>
    internal const long LiveCacheBytes = 160L * 1024 * 1024;

    /// <summary>The simulated stage listens on the pins the Motor config drives, with the Motor config's lead.</summary>
    internal static SimulatedStageOptions StageFor(FocusDriveOptions motor, SimulationOptions sim, int seed) =>
        SimulatedStageOptions.ForMotor(motor, sim.BacklashUm, sim.DriftUmPerHour, seed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Virtual microscope: {Kind} specimen (seed {Seed}), starting {StartDefocusUm:+0.00;-0.00} um from focus, objective {Objective}, drift {DriftUmPerHour} um/h")]
    private static partial void LogVirtualMicroscope(ILogger logger, string kind, int seed, double startDefocusUm, string objective, double driftUmPerHour);
}
