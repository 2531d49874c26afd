using System.Runtime.CompilerServices;
using FocusController.Control.Timing;
using FocusController.Imaging;
using FocusController.Tests.Shared;

namespace FocusController.Control.Tests.Fakes;

/// <summary>What a fake frame really shows: the true defocus at its exposure and whether the field is blank.</summary>
internal sealed record FrameTruth(double DefocusUm, bool Blank, DateTimeOffset ExposureStart);

/// <summary>
/// A microscope reduced to what the controller can get wrong: the specimen's focus lies at <see cref="FocusUm"/>
/// (plus drift over time), the drive's physical position may differ from what it believes, and every frame is tagged
/// with the true defocus at its exposure so the fake estimator and focus measure can answer from the truth.
/// </summary>
internal sealed class FakeMicroscope
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly ConditionalWeakTable<RgbImage, FrameTruth> _frames = [];
    private int _exposures;

    public FakeMicroscope(double startDefocusUm, int seed = 1, VirtualClock? clock = null)
    {
        Clock = clock ?? new VirtualClock(Epoch);
        // the axis starts at 0: focus lies where the axis must go, so defocus = position − focus
        FocusUm = -startDefocusUm;
        Drive = new FakeDrive(Clock);
        Camera = new FakeCamera(this);
        Estimator = new FakeEstimator(this, seed);
        Measure = new FakeFocusMeasure(this, seed + 1000);
    }

    public VirtualClock Clock { get; }

    public double FocusUm { get; set; }

    /// <summary>Focus offset as a function of time since <see cref="Epoch"/> (thermal drift).</summary>
    public Func<TimeSpan, double> Drift { get; set; } = _ => 0;

    /// <summary>Whether the field is blank at a time (no specimen, lamp off).</summary>
    public Func<TimeSpan, bool> Blank { get; set; } = _ => false;

    /// <summary>
    /// With a field, frames show it at their true defocus (for code that reads the image itself, such as tracking's
    /// reference stack); without one they are 1x1 placeholders that only the fake estimator and measure read.
    /// </summary>
    public ThroughFocusField? Field { get; set; }

    /// <summary>How far the field's window has crept sideways, pixels, as a function of time since <see cref="Epoch"/>.</summary>
    public Func<TimeSpan, (int X, int Y)> Sideways { get; set; } = _ => (0, 0);

    public FakeDrive Drive { get; }

    public FakeCamera Camera { get; }

    public FakeEstimator Estimator { get; }

    public FakeFocusMeasure Measure { get; }

    public ObjectiveProfile Profile { get; set; } = ObjectiveProfiles.Plan20x075;

    public double TrueDefocusUm => TrueDefocusAt(Clock.GetUtcNow());

    public FocusRig Rig(bool withModel = true) => new(Camera, Drive, Measure, withModel ? Estimator : null, Clock);

    public double TrueDefocusAt(DateTimeOffset time) => Drive.PhysicalUm - (FocusUm + Drift(time - Epoch));

    public RgbImage Expose(DateTimeOffset exposureStart)
    {
        var truth = new FrameTruth(TrueDefocusAt(exposureStart), Blank(exposureStart - Epoch), exposureStart);
        var (shiftX, shiftY) = Sideways(exposureStart - Epoch);
        var image = Field?.Frame(truth.DefocusUm, noiseSeed: ++_exposures, shiftX, shiftY) ?? new RgbImage(1, 1);
        _frames.Add(image, truth);
        return image;
    }

    public FrameTruth TruthOf(RgbImage image) =>
        _frames.TryGetValue(image, out var truth)
            ? truth
            : throw new InvalidOperationException("this frame did not come from the fake camera");
}
