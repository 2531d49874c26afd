using System.Device.Gpio;
using FocusController.Motion.Options;

namespace FocusController.Motion.Tests;

public class CoilSequencerTests
{
    private static readonly int[] Coils = [5, 6, 13, 19];

    private static Rig OpenUln2003(int microstepping = 2, bool disableWhenIdle = true) =>
        Rig.Open(new FocusDriveOptions
        {
            Driver = DriverType.Uln2003,
            Coils = new CoilPinOptions { In1 = Coils[0], In2 = Coils[1], In3 = Coils[2], In4 = Coils[3] },
            FullStepsPerRevolution = 2048,
            Microstepping = microstepping,
            UmPerMicrostep = 0.5,
            MaxSpeedUmPerSecond = 400, // 800 half steps/s: a 28BYJ-48 stalls above ~1000
            AccelerationUmPerSecondSquared = 200_000,
            MinPositionUm = -50,
            MaxPositionUm = 50,
            DisableWhenIdle = disableWhenIdle,
        });

    /// <summary>The coil pattern (IN1..IN4 as 4 bits) after every write of all four coils that changed it.</summary>
    private static List<string> Patterns(RecordingGpioDriver driver)
    {
        var levels = new bool[4];
        var patterns = new List<string>();
        var coilWrites = 0;
        foreach (var w in driver.Writes)
        {
            var i = Array.IndexOf(Coils, w.Pin);
            if (i < 0)
            {
                continue;
            }

            levels[i] = w.Value == PinValue.High;
            if (++coilWrites % 4 != 0)
            {
                continue;
            }

            var pattern = string.Concat(levels.Select(l => l ? '1' : '0'));
            if (patterns.Count == 0 || patterns[^1] != pattern)
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }

    [Fact]
    public async Task Half_steps_walk_the_eight_phase_sequence_forwards_and_back()
    {
        using var rig = OpenUln2003();

        await rig.Axis.MoveToAsync(4.5, CancellationToken.None); // 9 half steps
        await rig.Axis.MoveToAsync(3.5, CancellationToken.None); // 2 back

        string[] expected =
        [
            "0000", // opened off
            "1000", // energised at phase 0
            "1100", "0100", "0110", "0010", "0011", "0001", "1001", "1000", "1100",
            "0000", // idle: coils off
            "1100", // energised where it stopped
            "1000", "1001",
            "0000",
        ];
        Assert.Equal(expected, Patterns(rig.Driver));
        Assert.Equal(3.5, rig.Axis.PositionUm, 9);
    }

    [Fact]
    public async Task Full_steps_use_the_two_coil_phases()
    {
        using var rig = OpenUln2003(microstepping: 1);

        await rig.Axis.MoveToAsync(2, CancellationToken.None); // 4 full steps

        Assert.Equal(["0000", "1100", "0110", "0011", "1001", "1100", "0000"], Patterns(rig.Driver));
    }

    [Fact]
    public async Task Coils_stay_on_between_moves_when_idle_disable_is_off()
    {
        using var rig = OpenUln2003(disableWhenIdle: false);

        await rig.Axis.MoveToAsync(1, CancellationToken.None);

        Assert.Equal("0100", Patterns(rig.Driver)[^1]);
        Assert.True(rig.Axis.IsEnergized);
    }

    [Fact]
    public void Opening_leaves_all_coils_off()
    {
        using var rig = OpenUln2003();

        Assert.All(Coils, c => Assert.Equal(PinValue.Low, rig.Driver.Writes.Last(w => w.Pin == c).Value));
        Assert.False(rig.Axis.IsEnergized);
    }
}
