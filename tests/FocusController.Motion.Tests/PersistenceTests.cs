using System.Device.Gpio;
using System.Text.Json;

namespace FocusController.Motion.Tests;

public class PersistenceTests
{
    [Fact]
    public async Task A_restart_knows_where_the_axis_stands()
    {
        using var state = new TempDirectory();
        using (var rig = Rig.Open(o => o.StateDirectory = state.Path))
        {
            await rig.Axis.MoveToAsync(7.3, CancellationToken.None);
        }

        using var restarted = Rig.Open(o => o.StateDirectory = state.Path);

        Assert.True(restarted.Axis.PositionKnown);
        Assert.Equal(7.3, restarted.Axis.PositionUm, 9);
        await restarted.Axis.MoveToAsync(7.0, CancellationToken.None);
        Assert.Equal([(-1, 3)], restarted.Runs());
    }

    [Fact]
    public async Task The_state_file_is_replaced_whole_and_says_not_moving_after_a_move()
    {
        using var state = new TempDirectory();
        using var rig = Rig.Open(o => o.StateDirectory = state.Path);

        await rig.Axis.MoveToAsync(-4, CancellationToken.None);

        Assert.Equal(["focus-axis.json"], Directory.GetFiles(state.Path).Select(Path.GetFileName));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(state.Path, "focus-axis.json")));
        Assert.False(json.RootElement.GetProperty("Moving").GetBoolean());
        Assert.Equal(-4, json.RootElement.GetProperty("PositionUm").GetDouble(), 9);
    }

    [Fact]
    public async Task The_moving_marker_is_on_disk_while_the_motor_turns()
    {
        using var state = new TempDirectory();
        using var rig = Rig.Open(o => o.StateDirectory = state.Path);
        bool? movingOnDisk = null;
        rig.Driver.OnWrite = e =>
        {
            if (movingOnDisk is null && e.Pin == Rig.StepPin && e.Value == PinValue.High)
            {
                using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(state.Path, "focus-axis.json")));
                movingOnDisk = json.RootElement.GetProperty("Moving").GetBoolean();
            }
        };

        await rig.Axis.MoveToAsync(2, CancellationToken.None);

        Assert.True(movingOnDisk);
    }

    [Fact]
    public async Task After_a_crash_during_a_move_the_position_is_unknown_until_re_referenced()
    {
        using var state = new TempDirectory();
        using (var rig = Rig.Open(o => o.StateDirectory = state.Path))
        {
            var rising = 0;
            rig.Driver.OnWrite = e =>
            {
                if (e.Pin == Rig.StepPin && e.Value == PinValue.High && ++rising == 30)
                {
                    throw new IOException("GPIO line lost");
                }
            };

            await Assert.ThrowsAsync<IOException>(() => rig.Axis.MoveToAsync(10, CancellationToken.None));
            Assert.False(rig.Axis.PositionKnown);
            Assert.False(rig.Axis.IsEnergized);
        }

        using var restarted = Rig.Open(o => o.StateDirectory = state.Path);

        Assert.False(restarted.Axis.PositionKnown);
        Assert.True(double.IsNaN(restarted.Axis.PositionUm));
        await Assert.ThrowsAsync<TravelLimitException>(() => restarted.Axis.MoveToAsync(0, CancellationToken.None));
        Assert.Empty(restarted.Driver.RisingEdges(Rig.StepPin));

        await restarted.Axis.SetReferenceAsync(CancellationToken.None);
        Assert.True(restarted.Axis.PositionKnown);
        Assert.Equal(0, restarted.Axis.PositionUm);
        await restarted.Axis.MoveToAsync(1, CancellationToken.None);
        Assert.Equal(1, restarted.Axis.PositionUm, 9);
    }

    [Fact]
    public void A_process_killed_mid_move_leaves_a_marker_that_makes_the_position_unknown()
    {
        using var state = new TempDirectory();
        File.WriteAllText(
            Path.Combine(state.Path, "focus-axis.json"),
            """{ "PositionUm": 12.5, "Moving": true, "BacklashTakenUp": true, "SavedAt": "2026-11-24T10:00:00+00:00" }""");

        using var rig = Rig.Open(o => o.StateDirectory = state.Path);

        Assert.False(rig.Axis.PositionKnown);
        Assert.True(double.IsNaN(rig.Axis.PositionUm));
    }

    [Fact]
    public void A_corrupt_state_file_is_an_error_naming_the_file_before_any_pin_opens()
    {
        using var state = new TempDirectory();
        var path = Path.Combine(state.Path, "focus-axis.json");
        File.WriteAllText(path, "{ not json");
        var driver = new RecordingGpioDriver();
        using var gpio = new GpioController(driver);

        var error = Assert.Throws<InvalidDataException>(() => FocusAxis.Open(Rig.StepDirOptions(o => o.StateDirectory = state.Path), gpio));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Empty(driver.OpenedPins);
    }
}
