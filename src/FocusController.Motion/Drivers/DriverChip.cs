using FocusController.Motion.Options;

namespace FocusController.Motion.Drivers;

/// <summary>What each supported driver chip can do, from its datasheet.</summary>
public sealed class DriverChip
{
    private static readonly DriverChip A4988 = new(
        DriverType.A4988,
        maxStepRateHz: 500_000, // 1 µs minimum STEP high and low
        microstepPinCount: 3,
        new Dictionary<int, bool[]>
        {
            [1] = [false, false, false],
            [2] = [true, false, false],
            [4] = [false, true, false],
            [8] = [true, true, false],
            [16] = [true, true, true],
        });

    private static readonly DriverChip Drv8825 = new(
        DriverType.Drv8825,
        maxStepRateHz: 250_000, // 1.9 µs minimum STEP high and low
        microstepPinCount: 3,
        new Dictionary<int, bool[]>
        {
            [1] = [false, false, false],
            [2] = [true, false, false],
            [4] = [false, true, false],
            [8] = [true, true, false],
            [16] = [false, false, true],
            [32] = [true, false, true],
        });

    // In step/dir mode without UART the two MS pins select one of four resolutions.
    private static readonly DriverChip Tmc2209 = new(
        DriverType.Tmc2209,
        maxStepRateHz: 250_000,
        microstepPinCount: 2,
        new Dictionary<int, bool[]>
        {
            [8] = [false, false],
            [16] = [true, true],
            [32] = [true, false],
            [64] = [false, true],
        });

    // The limit is the 28BYJ-48's, not the ULN2003's: above about a thousand half steps a second it stalls.
    private static readonly DriverChip Uln2003 = new(
        DriverType.Uln2003,
        maxStepRateHz: 1_000,
        microstepPinCount: 0,
        new Dictionary<int, bool[]>
        {
            [1] = [],
            [2] = [],
        });

    private readonly Dictionary<int, bool[]> _microstepPinLevels;

    private DriverChip(DriverType type, double maxStepRateHz, int microstepPinCount, Dictionary<int, bool[]> microstepPinLevels)
    {
        Type = type;
        MaxStepRateHz = maxStepRateHz;
        MicrostepPinCount = microstepPinCount;
        _microstepPinLevels = microstepPinLevels;
    }

    public DriverType Type { get; }

    public double MaxStepRateHz { get; }

    /// <summary>How many microstep-select pins the chip has (0 for the ULN2003).</summary>
    public int MicrostepPinCount { get; }

    public IEnumerable<int> SupportedMicrostepping => _microstepPinLevels.Keys.Order();

    public bool IsStepDir => Type != DriverType.Uln2003;

    public static DriverChip For(DriverType type) => type switch
    {
        DriverType.A4988 => A4988,
        DriverType.Drv8825 => Drv8825,
        DriverType.Tmc2209 => Tmc2209,
        DriverType.Uln2003 => Uln2003,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown driver type"),
    };

    public bool Supports(int microstepping) => _microstepPinLevels.ContainsKey(microstepping);

    /// <summary>Levels of the microstep-select pins, in datasheet order, that select <paramref name="microstepping"/>.</summary>
    public IReadOnlyList<bool> MicrostepPinLevels(int microstepping) => _microstepPinLevels[microstepping];
}
