using System.Device.Gpio;
using FocusController.Motion.Options;
using FocusController.Simulation.Stage;

namespace FocusController.Motion.Tests;

/// <summary>The real axis driving the virtual microscope's stage through GPIO.</summary>
public class SimulatedStageTests
{
    private const double Lead = 0.5;

    private static SimulatedStageOptions Stage(Action<SimulatedStageOptions>? tweak = null)
    {
        var stage = new SimulatedStageOptions
        {
            StepPin = Rig.StepPin,
            DirPin = Rig.DirPin,
            EnablePin = Rig.EnablePin,
            UmPerMicrostep = Lead,
            BacklashUm = 3,
        };
        tweak?.Invoke(stage);
        return stage;
    }

    private static FocusDriveOptions Axis(Action<FocusDriveOptions>? tweak = null) => Rig.StepDirOptions(o =>
    {
        o.UmPerMicrostep = Lead;
        o.BacklashUm = 4; // at least the stage's play
        o.MaxSpeedUmPerSecond = 10_000; // 20 kHz
        o.AccelerationUmPerSecondSquared = 10_000_000; // 20 steps to full speed
        o.MaxMoveUm = 200;
        tweak?.Invoke(o);
    });

    /// <summary>Visits a few positions again and again, in a seeded random order with random detours, and returns how far each revisit landed from the first visit, µm.</summary>
    private static async Task<List<double>> RevisitErrors(FocusDriveOptions axisOptions, SimulatedStageOptions stageOptions)
    {
        var stage = new SimulatedStageDriver(stageOptions);
        using var gpio = new GpioController(stage);
        using var axis = FocusAxis.Open(axisOptions, gpio);
        var random = new Random(20261124);
        double[] marks = [-10, -3.5, 0, 6, 15];
        var firstVisit = new Dictionary<double, double>();
        var errors = new List<double>();
        for (var move = 0; move < 40; move++)
        {
            var detour = Math.Round((random.NextDouble() * 50) - 25, 1);
            await axis.MoveToAsync(detour, CancellationToken.None);
            var mark = marks[random.Next(marks.Length)];
            await axis.MoveToAsync(mark, CancellationToken.None);
            var landed = stage.MechanicalPositionUm;
            if (!firstVisit.TryAdd(mark, landed))
            {
                errors.Add(Math.Abs(landed - firstVisit[mark]));
            }
        }

        Assert.Equal(0, stage.StepsWhileDisabled);
        Assert.False(stage.IsEnergized);
        return errors;
    }

    [Fact]
    public async Task A_long_random_sequence_under_backlash_returns_to_the_same_position_within_one_microstep()
    {
        var errors = await RevisitErrors(Axis(), Stage());

        Assert.True(errors.Count > 30);
        Assert.All(errors, e => Assert.True(e <= Lead, $"a revisit landed {e} µm from the first visit"));
    }

    [Fact]
    public async Task Without_backlash_compensation_the_same_sequence_misses_by_the_play()
    {
        var errors = await RevisitErrors(Axis(o => o.BacklashUm = 0), Stage());

        Assert.InRange(errors.Max(), 2.5, 3.5);
    }

    [Fact]
    public async Task A_wrong_lead_in_the_config_shows_as_a_scale_error()
    {
        var stage = new SimulatedStageDriver(Stage(s =>
        {
            s.UmPerMicrostep = 0.55;
            s.BacklashUm = 0;
        }));
        using var gpio = new GpioController(stage);
        using var axis = FocusAxis.Open(Axis(), gpio);

        await axis.MoveToAsync(20, CancellationToken.None);

        Assert.Equal(20, axis.PositionUm, 9);
        Assert.Equal(40, stage.MotorMicrosteps);
        Assert.Equal(22, stage.MechanicalPositionUm, 9);
    }

    [Fact]
    public async Task The_stage_follows_a_ULN2003_half_step_sequence()
    {
        var stage = new SimulatedStageDriver(new SimulatedStageOptions { CoilPins = [5, 6, 13, 19], UmPerMicrostep = Lead });
        using var gpio = new GpioController(stage);
        using var axis = FocusAxis.Open(
            new FocusDriveOptions
            {
                Driver = DriverType.Uln2003,
                Coils = new CoilPinOptions { In1 = 5, In2 = 6, In3 = 13, In4 = 19 },
                Microstepping = 2,
                UmPerMicrostep = Lead,
                MaxSpeedUmPerSecond = 450,
                AccelerationUmPerSecondSquared = 1_000_000,
            },
            gpio);

        await axis.MoveToAsync(10, CancellationToken.None);
        Assert.Equal(20, stage.MotorMicrosteps);
        await axis.MoveToAsync(-3, CancellationToken.None);

        Assert.Equal(-6, stage.MotorMicrosteps);
        Assert.Equal(-3, stage.MechanicalPositionUm, 9);
        Assert.False(stage.IsEnergized);
    }

    [Fact]
    public async Task The_stage_limit_switch_stops_the_axis_where_it_closes()
    {
        var stage = new SimulatedStageDriver(Stage(s =>
        {
            s.BacklashUm = 0;
            s.LimitSwitchPin = Rig.SwitchPin;
            s.LimitSwitchAtUm = -15;
        }));
        using var gpio = new GpioController(stage);
        using var axis = FocusAxis.Open(Axis(o => o.LimitSwitch.Pin = Rig.SwitchPin), gpio);

        await Assert.ThrowsAsync<LimitSwitchException>(() => axis.MoveToAsync(-40, CancellationToken.None));

        Assert.Equal(-15, stage.MechanicalPositionUm, 9);
        Assert.Equal(-15, axis.PositionUm, 9);
        Assert.True(axis.LimitSwitchClosed);
        await axis.MoveToAsync(0, CancellationToken.None);
        Assert.False(axis.LimitSwitchClosed);
    }
}
