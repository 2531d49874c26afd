using System.Device.Gpio;
using FocusController.Motion.Options;

namespace FocusController.Motion.Tests;

public class FocusAxisMoveTests
{
    [Fact]
    public async Task A_move_issues_one_pulse_per_microstep_in_the_right_direction()
    {
        using var rig = Rig.Open();

        await rig.Axis.MoveToAsync(12.5, CancellationToken.None);
        await rig.Axis.MoveToAsync(2.5, CancellationToken.None);

        Assert.Equal([(1, 125), (-1, 100)], rig.Runs());
        Assert.Equal(2.5, rig.Axis.PositionUm, 9);
    }

    [Fact]
    public async Task Inverted_direction_swaps_the_dir_level_but_not_the_position()
    {
        using var rig = Rig.Open(o => o.DirectionInverted = true);

        await rig.Axis.MoveToAsync(5, CancellationToken.None);

        Assert.Equal([(-1, 50)], rig.Runs());
        Assert.Equal(5, rig.Axis.PositionUm, 9);
    }

    [Fact]
    public async Task A_move_to_where_the_axis_is_issues_no_pulse()
    {
        using var rig = Rig.Open();

        await rig.Axis.MoveToAsync(0.01, CancellationToken.None);

        Assert.Empty(rig.Driver.RisingEdges(Rig.StepPin));
    }

    [Fact]
    public async Task Travel_per_revolution_sets_the_scale()
    {
        // 200 full steps × 16 microsteps per 100 µm revolution: 32 microsteps per µm.
        using var rig = Rig.Open(o =>
        {
            o.UmPerMicrostep = null;
            o.TravelPerRevolutionUm = 100;
            o.FullStepsPerRevolution = 200;
            o.MaxSpeedUmPerSecond = 300;
            o.AccelerationUmPerSecondSquared = 30_000;
        });

        await rig.Axis.MoveToAsync(2, CancellationToken.None);

        Assert.Equal([(1, 64)], rig.Runs());
    }

    [Fact]
    public async Task Enable_is_released_before_the_first_step_and_released_again_when_idle()
    {
        using var rig = Rig.Open();

        await rig.Axis.MoveToAsync(3, CancellationToken.None);

        var writes = rig.Driver.Writes;
        var enableWrites = writes.Where(w => w.Pin == Rig.EnablePin).Select(w => w.Value).ToList();

        // opened disabled (high, active low), enabled for the move, disabled after it
        Assert.Equal([PinValue.High, PinValue.Low, PinValue.High], enableWrites);
        var enabledAt = writes.ToList().FindIndex(w => w.Pin == Rig.EnablePin && w.Value == PinValue.Low);
        var firstStep = writes.ToList().FindIndex(w => w.Pin == Rig.StepPin && w.Value == PinValue.High);
        var disabledAt = writes.ToList().FindLastIndex(w => w.Pin == Rig.EnablePin);
        var lastStep = writes.ToList().FindLastIndex(w => w.Pin == Rig.StepPin);
        Assert.True(enabledAt < firstStep, "the driver must be enabled before the first step");
        Assert.True(disabledAt > lastStep, "the driver must be disabled after the last step");
        Assert.False(rig.Axis.IsEnergized);

        // the enable pin was opened before the step pin, so the bridge could not power up undriven
        Assert.True(rig.Driver.OpenedPins.ToList().IndexOf(Rig.EnablePin) < rig.Driver.OpenedPins.ToList().IndexOf(Rig.StepPin));
    }

    [Fact]
    public async Task With_idle_disable_off_the_driver_stays_enabled_between_moves()
    {
        using var rig = Rig.Open(o => o.DisableWhenIdle = false);

        await rig.Axis.MoveToAsync(3, CancellationToken.None);

        Assert.Equal(PinValue.Low, rig.Driver.Writes.Last(w => w.Pin == Rig.EnablePin).Value);
        Assert.True(rig.Axis.IsEnergized);
    }

    [Fact]
    public async Task Active_high_enable_is_honoured()
    {
        using var rig = Rig.Open(o => o.StepDir.EnableActiveLow = false);

        await rig.Axis.MoveToAsync(1, CancellationToken.None);

        var enableWrites = rig.Driver.Writes.Where(w => w.Pin == Rig.EnablePin).Select(w => w.Value).ToList();
        Assert.Equal([PinValue.Low, PinValue.High, PinValue.Low], enableWrites);
    }

    [Theory]
    [InlineData(DriverType.A4988, 16, new[] { true, true, true })]
    [InlineData(DriverType.A4988, 2, new[] { true, false, false })]
    [InlineData(DriverType.Drv8825, 32, new[] { true, false, true })]
    [InlineData(DriverType.Drv8825, 16, new[] { false, false, true })]
    [InlineData(DriverType.Tmc2209, 64, new[] { false, true })]
    [InlineData(DriverType.Tmc2209, 32, new[] { true, false })]
    public void Microstep_select_pins_are_set_for_the_configured_resolution(DriverType chip, int microstepping, bool[] levels)
    {
        int[] pins = [.. Enumerable.Range(5, levels.Length)];
        using var rig = Rig.Open(o =>
        {
            o.Driver = chip;
            o.Microstepping = microstepping;
            o.StepDir.MicrostepPins = pins;
        });

        var written = pins.Select(p => rig.Driver.Writes.Last(w => w.Pin == p).Value == PinValue.High).ToArray();
        Assert.Equal(levels, written);
    }

    [Fact]
    public async Task Moves_queue_one_after_the_other()
    {
        using var rig = Rig.Open();

        await Task.WhenAll(rig.Axis.MoveToAsync(5, CancellationToken.None), rig.Axis.MoveToAsync(8, CancellationToken.None));

        Assert.Equal(8, rig.Axis.PositionUm, 9);
        Assert.Equal(80, rig.Driver.RisingEdges(Rig.StepPin).Count);
    }
}
