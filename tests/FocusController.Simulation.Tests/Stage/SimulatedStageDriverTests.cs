using System.Device.Gpio;
using FocusController.Simulation.Stage;

namespace FocusController.Simulation.Tests.Stage;

public class SimulatedStageDriverTests
{
    private const int Step = 20;
    private const int Dir = 21;
    private const int Enable = 16;
    private static readonly int[] Coils = [5, 6, 13, 19];

    private static (SimulatedStageDriver Stage, GpioController Gpio) StepDir(Action<SimulatedStageOptions>? tweak = null)
    {
        var options = new SimulatedStageOptions { StepPin = Step, DirPin = Dir, EnablePin = Enable, UmPerMicrostep = 0.25 };
        tweak?.Invoke(options);
        var stage = new SimulatedStageDriver(options);
        var gpio = new GpioController(stage);
        gpio.OpenPin(Enable, PinMode.Output, PinValue.Low);
        gpio.OpenPin(Dir, PinMode.Output, PinValue.High);
        gpio.OpenPin(Step, PinMode.Output, PinValue.Low);
        return (stage, gpio);
    }

    private static void Pulse(GpioController gpio, int count)
    {
        for (var i = 0; i < count; i++)
        {
            gpio.Write(Step, PinValue.High);
            gpio.Write(Step, PinValue.Low);
        }
    }

    [Fact]
    public void Rising_step_edges_move_the_way_dir_says()
    {
        var (stage, gpio) = StepDir();
        using var _ = gpio;

        Pulse(gpio, 40);
        gpio.Write(Dir, PinValue.Low);
        Pulse(gpio, 12);

        Assert.Equal(28, stage.MotorMicrosteps);
        Assert.Equal(7, stage.MechanicalPositionUm, 9);
    }

    [Fact]
    public void Holding_step_high_is_one_step_not_many()
    {
        var (stage, gpio) = StepDir();
        using var _ = gpio;

        gpio.Write(Step, PinValue.High);
        gpio.Write(Step, PinValue.High);
        gpio.Write(Step, PinValue.Low);

        Assert.Equal(1, stage.MotorMicrosteps);
    }

    [Fact]
    public void Steps_while_disabled_do_not_move()
    {
        var (stage, gpio) = StepDir();
        using var _ = gpio;

        gpio.Write(Enable, PinValue.High);
        Pulse(gpio, 10);

        Assert.Equal(0, stage.MotorMicrosteps);
        Assert.Equal(10, stage.StepsWhileDisabled);
        Assert.False(stage.IsEnergized);
    }

    [Fact]
    public void Dir_polarity_is_configurable()
    {
        var (stage, gpio) = StepDir(o => o.DirHighIsPositive = false);
        using var _ = gpio;

        Pulse(gpio, 4);

        Assert.Equal(-4, stage.MotorMicrosteps);
    }

    [Fact]
    public void The_coil_sequence_is_decoded_in_both_directions()
    {
        var stage = new SimulatedStageDriver(new SimulatedStageOptions { CoilPins = Coils, UmPerMicrostep = 0.5 });
        using var gpio = new GpioController(stage);
        foreach (var pin in Coils)
        {
            gpio.OpenPin(pin, PinMode.Output, PinValue.Low);
        }

        bool[][] phases =
        [
            [true, false, false, false], [true, true, false, false], [false, true, false, false], [false, true, true, false],
            [false, false, true, false], [false, false, true, true], [false, false, false, true], [true, false, false, true],
        ];
        void Apply(int phase)
        {
            for (var i = 0; i < 4; i++)
            {
                gpio.Write(Coils[i], phases[(phase % 8 + 8) % 8][i] ? PinValue.High : PinValue.Low);
            }
        }

        for (var p = 0; p <= 10; p++)
        {
            Apply(p);
        }

        Assert.Equal(10, stage.MotorMicrosteps);
        Assert.True(stage.IsEnergized);
        for (var p = 9; p >= 6; p--)
        {
            Apply(p);
        }

        Assert.Equal(6, stage.MotorMicrosteps);

        // two-coil full steps skip a phase: two half steps each
        Apply(8);
        Apply(11);
        Apply(13);
        Assert.Equal(13, stage.MotorMicrosteps);
        Assert.Equal(6.5, stage.MechanicalPositionUm, 9);
    }

    [Fact]
    public void Missed_steps_happen_at_the_configured_rate_and_repeat_with_the_seed()
    {
        long Missed(int seed)
        {
            var (stage, gpio) = StepDir(o =>
            {
                o.MissedStepProbability = 0.1;
                o.Seed = seed;
            });
            using var _ = gpio;
            Pulse(gpio, 2000);
            Assert.Equal(2000 - stage.StepsMissed, stage.MotorMicrosteps);
            return stage.StepsMissed;
        }

        var missed = Missed(7);
        Assert.InRange(missed, 140, 260);
        Assert.Equal(missed, Missed(7));
    }

    [Fact]
    public void Drift_and_wander_move_the_true_position_over_time_only()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        var stage = new SimulatedStageDriver(
            new SimulatedStageOptions
            {
                StepPin = Step,
                DriftUmPerHour = 2,
                WanderAmplitudeUm = 0.5,
                WanderPeriod = TimeSpan.FromMinutes(30),
                StartPositionUm = 10,
            },
            time);
        var start = time.GetUtcNow();

        Assert.Equal(10, stage.TruePositionUm(start), 9);

        // a whole wander period: only the steady drift is left
        Assert.Equal(11, stage.TruePositionUm(start.AddMinutes(30)), 9);
        var quarter = stage.TruePositionUm(start.AddMinutes(7.5));
        Assert.InRange(quarter - 10 - 0.25, -1.0, 1.0);
        Assert.NotEqual(10.25, quarter, 6);
        Assert.Equal(10, stage.MechanicalPositionUm, 9);
    }

    [Fact]
    public void The_limit_switch_reads_closed_past_its_position_and_raises_the_edge()
    {
        var (stage, gpio) = StepDir(o =>
        {
            o.LimitSwitchPin = 26;
            o.LimitSwitchAtUm = -1;
            o.LimitSwitchClosedLow = true;
        });
        using var _ = gpio;
        gpio.OpenPin(26, PinMode.InputPullUp);
        var falling = 0;
        gpio.RegisterCallbackForPinValueChangedEvent(26, PinEventTypes.Falling, (_, _) => falling++);
        gpio.Write(Dir, PinValue.Low);

        Pulse(gpio, 3);
        Assert.Equal(PinValue.High, gpio.Read(26));
        Pulse(gpio, 1); // -1 µm
        Assert.Equal(PinValue.Low, gpio.Read(26));
        Pulse(gpio, 5);

        Assert.Equal(1, falling);
        Assert.Equal(-2.25, stage.MechanicalPositionUm, 9);
    }

    [Fact]
    public void Pins_beyond_the_controller_cannot_be_opened()
    {
        var stage = new SimulatedStageDriver(new SimulatedStageOptions { PinCount = 28 });
        using var gpio = new GpioController(stage);

        Assert.ThrowsAny<ArgumentException>(() => gpio.OpenPin(28, PinMode.Output));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
