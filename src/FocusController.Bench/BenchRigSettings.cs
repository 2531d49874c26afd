using FocusController.Simulation.Stage;
using FocusController.Imaging;
using FocusController.Motion.Options;
using FocusController.Simulation.Corpus;
using FocusController.Simulation.Optics;
using Microsoft.Extensions.Configuration;

namespace FocusController.Bench;

/// <summary>
/// The virtual box the bench focuses: the objective, the Motor config whose speed and acceleration set the simulated
/// move times, the camera, and the simulated stand's play and drift. Rendering is the bench's cost, and it grows with
/// the power-of-two grid the frame needs: the default 256 px frame holds the estimator's 3×3 grid of 224 px patches
/// (overlapping, 16 px apart) on a 256² grid, about five times quicker per frame than 512 px (512² grid, patches 144 px
/// apart) and some twenty than the 672 px that holds them side by side (1024² grid). Larger frames give the estimator
/// more independent patches; `--frame-size` chooses.
/// </summary>
public sealed record BenchRigSettings
{
    public const int DefaultFrameSize = 256;

    public required ObjectiveProfile Profile { get; init; }

    /// <summary>The Motor config; the daemon's simulate-mode wiring by default (<see cref="SimulatedMotor"/>).</summary>
    public FocusDriveOptions Motor { get; init; } = SimulatedMotor();

    public int FrameWidth { get; init; } = DefaultFrameSize;

    public int FrameHeight { get; init; } = DefaultFrameSize;

    /// <summary>The camera's frame rate (the daemon's simulate default; a Host test keeps the two equal).</summary>
    public double FramesPerSecond { get; init; } = 15;

    /// <summary>Play of the simulated knob, µm (the daemon's simulate default; a Host test keeps the two equal).</summary>
    public double StagePlayUm { get; init; } = 2;

    /// <summary>
    /// Wall-time speed of the pulses the real axis sends the simulated stage. Only the bench's run time depends on it:
    /// the simulated clock is charged the Motor config's timing.
    /// </summary>
    public double PulseSpeedUmPerSecond { get; init; } = 600;

    /// <summary>
    /// Frames are rendered at the true defocus rounded to this, µm (a 24th of the 20x depth of field), so the transfer
    /// functions near focus, where every strategy spends its frames, are computed once for the whole bench. The
    /// truth the figures use is not rounded.
    /// </summary>
    public double RenderResolutionUm { get; init; } = 0.05;

    /// <summary>Transfer functions are shared by every rig of a bench (same optics, same grid).</summary>
    public TransferFunctionCache Cache { get; init; } = new(3L << 29);

    public OpticalSetup Optics => OpticalSetup.Nominal(Profile);

    /// <summary>The specimen corpus; its held-out images are the bench's image kind. Null: procedural kinds only.</summary>
    public SpecimenCorpus? Corpus { get; init; }

    public IReadOnlyList<CorpusImage> HeldoutImages => Corpus?.In(CorpusSplit.Heldout) ?? [];

    /// <summary>An image specimen's grid holds the blur out to this defocus, µm (the near range of starts).</summary>
    public double ImageMarginUm { get; init; } = 10;

    /// <summary>The Motor section `focusctl run --simulate` uses with no config file.</summary>
    public static FocusDriveOptions SimulatedMotor()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SimulationDefaults.Motor).Build();
        return configuration.GetSection(FocusDriveOptions.SectionName).Get<FocusDriveOptions>()
            ?? throw new InvalidOperationException("the simulate-mode Motor defaults do not bind");
    }

    /// <summary>A copy of the Motor config that pulses at <see cref="PulseSpeedUmPerSecond"/> (limits, pins and play unchanged).</summary>
    internal FocusDriveOptions PulseMotor()
    {
        var m = Motor;
        // the nested sections are shared, not copied: neither the axis nor the bench changes them
        var copy = new FocusDriveOptions
        {
            Driver = m.Driver,
            StepDir = m.StepDir,
            Coils = m.Coils,
            DirectionInverted = m.DirectionInverted,
            FullStepsPerRevolution = m.FullStepsPerRevolution,
            Microstepping = m.Microstepping,
            TravelPerRevolutionUm = m.TravelPerRevolutionUm,
            UmPerMicrostep = m.UmPerMicrostep,
            MaxSpeedUmPerSecond = m.MaxSpeedUmPerSecond,
            AccelerationUmPerSecondSquared = m.AccelerationUmPerSecondSquared,
            BacklashUm = m.BacklashUm,
            ApproachFrom = m.ApproachFrom,
            MinPositionUm = m.MinPositionUm,
            MaxPositionUm = m.MaxPositionUm,
            MaxMoveUm = m.MaxMoveUm,
            DisableWhenIdle = m.DisableWhenIdle,
            LimitSwitch = m.LimitSwitch,
        };
        var scale = Motion.StepScale.From(copy);
        // stay under the pulse thread's ceiling whatever the microstep size
        copy.MaxSpeedUmPerSecond = Math.Min(PulseSpeedUmPerSecond, 0.95 * 20_000 * scale.UmPerMicrostep);
        copy.AccelerationUmPerSecondSquared = Math.Max(copy.AccelerationUmPerSecondSquared, 50 * copy.MaxSpeedUmPerSecond);
        copy.StateDirectory = null;
        return copy;
    }
}
