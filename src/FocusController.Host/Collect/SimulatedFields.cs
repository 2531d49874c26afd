using System.Device.Gpio;
using FocusController.Control;
using FocusController.Host.Configuration;
using FocusController.Host.Daemon;
using FocusController.Imaging;
using FocusController.Imaging.FocusMeasures;
using FocusController.Motion;
using FocusController.Motion.Options;
using FocusController.Simulation.Microscope;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;
using FocusController.Simulation.Stage;

namespace FocusController.Host.Collect;

/// <summary>
/// Fields on the virtual microscope: one simulated stage and the real <see cref="FocusAxis"/> for the whole run, and
/// per field a specimen drawn from seed + field index (a procedural kind, or a window of an image), in focus some
/// random distance (±Simulation:StartRangeUm) from where the stage stands. The same index gives the same field
/// (another one when it is asked for again after a field without focus), so a resumed run rewrites a partial stack
/// from the same specimen.
/// </summary>
public sealed class SimulatedFields : IFieldSource
{
    private readonly FocusDriveOptions _motor;
    private readonly SimulationOptions _simulation;
    private readonly OpticalSetup _optics;
    private readonly RgbImage? _image;
    private readonly double _maxAbsZUm;
    private readonly long _seed;
    private readonly TimeProvider _time;
    private readonly SimulatedStageDriver _stage;
    private readonly GpioController _gpio;
    private readonly FocusAxis _axis;
    private SimulatedCamera? _camera;
    private int _lastIndex = -1;
    private int _attempt;
    private double _focusAtUm;

    /// <param name="specimenImage">An in-focus image to cut fields from; null for procedural specimens of <paramref name="kind"/>.</param>
    /// <param name="maxAbsZUm">The largest defocus the fields are rendered at (sizes the image specimen's margin).</param>
    public SimulatedFields(
        FocusDriveOptions motor, SimulationOptions simulation, ObjectiveProfile profile, string kind, RgbImage? specimenImage, double maxAbsZUm, long seed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(motor);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(profile);
        _motor = motor;
        _simulation = simulation;
        _optics = OpticalSetup.Nominal(profile);
        _image = specimenImage;
        _maxAbsZUm = maxAbsZUm;
        _seed = seed;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Kind = specimenImage is null ? kind : "image";
        _stage = new SimulatedStageDriver(VirtualRigSource.StageFor(motor, simulation, (int)(seed & int.MaxValue)), time);
        _gpio = new GpioController(_stage);
        try
        {
            _axis = FocusAxis.Open(motor, _gpio, time: time);
        }
        catch
        {
            _gpio.Dispose();
            throw;
        }
    }

    public string Kind { get; }

    public FocusAxis Axis => _axis;

    /// <summary>The true defocus of the current field at <paramref name="at"/>, µm (the simulator's truth, for tests).</summary>
    public double TrueDefocusUm(DateTimeOffset at) => _stage.TruePositionUm(at) - _focusAtUm;

    public async Task<FocusRig?> NextFieldAsync(int index, bool first, CancellationToken cancellationToken)
    {
        if (_camera is not null)
        {
            await _camera.DisposeAsync().ConfigureAwait(false);
        }

        // another attempt at the same index (the last field had no focus) is another field; a resumed run starts
        // again from the first attempt, so it meets the same fields in the same order
        _attempt = index == _lastIndex ? _attempt + 1 : 0;
        _lastIndex = index;
        int fieldSeed = unchecked((int)((_seed * 1_000_003) + index + (_attempt * 7_919)) & int.MaxValue);
        var random = new Random(fieldSeed);
        double startDefocus = ((random.NextDouble() * 2) - 1) * _simulation.StartRangeUm;
        _focusAtUm = _stage.TruePositionUm(_time.GetUtcNow()) - startDefocus;
        int width = _simulation.Width;
        int height = _simulation.Height;
        var specimen = _image is null
            ? SpecimenKinds.ForFrame(Kind, _optics, width, height, fieldSeed)
            : ImageSpecimen.Create(Window(_image, width, height, random), _optics, width, height, _maxAbsZUm, ImageMatter.Draw(random));
        double focusAt = _focusAtUm;
        var microscope = new VirtualMicroscope(specimen, _optics, width, height, SensorModel.Default, at => _stage.TruePositionUm(at) - focusAt);
        _camera = new SimulatedCamera(microscope, new SimulatedCameraOptions { FramesPerSecond = _simulation.FramesPerSecond }, _time, fieldSeed);
        return new FocusRig(_camera, _axis, new NormalizedVariance(), null, _time);
    }

    public async ValueTask DisposeAsync()
    {
        if (_camera is not null)
        {
            await _camera.DisposeAsync().ConfigureAwait(false);
        }

        _axis.Dispose();
        _gpio.Dispose();
    }

    /// <summary>A random window of the image, twice the frame where the image allows, so each field shows another part.</summary>
    private static RgbImage Window(RgbImage image, int width, int height, Random random)
    {
        int w = Math.Min(image.Width, 2 * width);
        int h = Math.Min(image.Height, 2 * height);
        int x0 = random.Next(image.Width - w + 1);
        int y0 = random.Next(image.Height - h + 1);
        return w == image.Width && h == image.Height ? image : image.Crop(x0, y0, w, h);
    }
}
