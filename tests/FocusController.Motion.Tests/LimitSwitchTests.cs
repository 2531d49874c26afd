using System.Device.Gpio;
using FocusController.Motion.Options;

namespace FocusController.Motion.Tests;

public class LimitSwitchTests
{
    private static Rig OpenWithSwitch()
    {
        var driver = new RecordingGpioDriver();
        driver.SetInput(Rig.SwitchPin, PinValue.High); // open; closes to ground
        return Rig.Open(
            Rig.StepDirOptions(o =>
            {
                o.LimitSwitch.Pin = Rig.SwitchPin;
                o.LimitSwitch.ClosedLevel = SignalLevel.Low;
                o.LimitSwitch.Side = ApproachDirection.Below;
            }),
            driver);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_switch_closing_stops_the_move_at_once(bool raiseEdge)
    {
        using var rig = OpenWithSwitch();
        var rising = 0;
        rig.Driver.OnWrite = e =>
        {
            if (e.Pin == Rig.StepPin && e.Value == PinValue.High && ++rising == 150)
            {
                // without an edge only the poll between pulses can see it
                rig.Driver.SetInput(Rig.SwitchPin, PinValue.Low, raiseEdge);
            }
        };

        var stopped = await Assert.ThrowsAsync<LimitSwitchException>(() => rig.Axis.MoveToAsync(-60, CancellationToken.None));

        Assert.Equal(150, rig.Driver.RisingEdges(Rig.StepPin).Count);
        Assert.Equal(-15, rig.Axis.PositionUm, 9);
        Assert.True(rig.Axis.LimitSwitchClosed);
        Assert.Contains("limit switch", stopped.Message, StringComparison.Ordinal);
        Assert.False(rig.Axis.IsEnergized);
    }

    [Theory]
    [InlineData(SignalLevel.Low)]
    [InlineData(SignalLevel.High)]
    public void Both_documented_wirings_switch_to_ground_so_the_pin_gets_the_pull_up(SignalLevel closedLevel)
    {
        var driver = new RecordingGpioDriver();
        using var rig = Rig.Open(
            Rig.StepDirOptions(o =>
            {
                o.LimitSwitch.Pin = Rig.SwitchPin;
                o.LimitSwitch.ClosedLevel = closedLevel;
            }),
            driver);

        Assert.Equal(PinMode.InputPullUp, driver.Modes[Rig.SwitchPin]);
    }

    [Fact]
    public async Task A_broken_wire_on_the_fail_safe_wiring_reads_as_at_the_limit()
    {
        // Normally closed contact to ground, ClosedLevel High: the pull-up takes a cut wire High.
        var driver = new RecordingGpioDriver();
        driver.SetInput(Rig.SwitchPin, PinValue.High);
        using var rig = Rig.Open(
            Rig.StepDirOptions(o =>
            {
                o.LimitSwitch.Pin = Rig.SwitchPin;
                o.LimitSwitch.ClosedLevel = SignalLevel.High;
                o.LimitSwitch.Side = ApproachDirection.Above;
            }),
            driver);

        await Assert.ThrowsAsync<TravelLimitException>(() => rig.Axis.MoveToAsync(5, CancellationToken.None));
        Assert.Empty(rig.Driver.RisingEdges(Rig.StepPin));
        Assert.True(rig.Axis.LimitSwitchClosed);
    }

    [Fact]
    public async Task While_closed_moves_into_the_switch_are_refused_and_moves_away_allowed()
    {
        using var rig = OpenWithSwitch();
        rig.Driver.SetInput(Rig.SwitchPin, PinValue.Low);

        await Assert.ThrowsAsync<TravelLimitException>(() => rig.Axis.MoveToAsync(-5, CancellationToken.None));
        Assert.Empty(rig.Driver.RisingEdges(Rig.StepPin));

        await rig.Axis.MoveToAsync(5, CancellationToken.None);
        Assert.Equal(5, rig.Axis.PositionUm, 9);
    }

    [Fact]
    public async Task An_open_switch_does_not_disturb_a_move()
    {
        using var rig = OpenWithSwitch();

        await rig.Axis.MoveToAsync(-20, CancellationToken.None);

        Assert.Equal(-20, rig.Axis.PositionUm, 9);
        Assert.False(rig.Axis.LimitSwitchClosed);
    }
}
