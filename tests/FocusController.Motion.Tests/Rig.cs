using System.Device.Gpio;
using FocusController.Motion.Options;

namespace FocusController.Motion.Tests;

/// <summary>A focus axis on a recording GPIO driver, fast enough that tests take milliseconds.</summary>
internal sealed class Rig : IDisposable
{
    public const int StepPin = 20;
    public const int DirPin = 21;
    public const int EnablePin = 16;
    public const int SwitchPin = 26;
    public const double UmPerStep = 0.1;

    private Rig(FocusDriveOptions options, RecordingGpioDriver driver)
    {
        Options = options;
        Driver = driver;
        Gpio = new GpioController(driver);
        Axis = FocusAxis.Open(options, Gpio);
    }

    public FocusDriveOptions Options { get; }

    public RecordingGpioDriver Driver { get; }

    public GpioController Gpio { get; }

    public FocusAxis Axis { get; }

    /// <summary>10 kHz cruise, 10⁶ steps/s² (50 steps to full speed), ±100 µm of travel, 0.1 µm per microstep.</summary>
    public static FocusDriveOptions StepDirOptions(Action<FocusDriveOptions>? tweak = null)
    {
        var options = new FocusDriveOptions
        {
            Driver = DriverType.A4988,
            StepDir = new StepDirPinOptions { StepPin = StepPin, DirPin = DirPin, EnablePin = EnablePin },
            Microstepping = 16,
            UmPerMicrostep = UmPerStep,
            MaxSpeedUmPerSecond = 1_000,
            AccelerationUmPerSecondSquared = 100_000,
            MinPositionUm = -100,
            MaxPositionUm = 100,
            MaxMoveUm = 150,
        };
        tweak?.Invoke(options);
        return options;
    }

    public static Rig Open(FocusDriveOptions options, RecordingGpioDriver? driver = null) => new(options, driver ?? new RecordingGpioDriver());

    public static Rig Open(Action<FocusDriveOptions>? tweak = null) => Open(StepDirOptions(tweak));

    /// <summary>Step pulses grouped into runs of one direction: (+1 or −1, pulses).</summary>
    public List<(int Sign, int Pulses)> Runs()
    {
        var writes = Driver.Writes;
        var runs = new List<(int Sign, int Pulses)>();
        var dir = PinValue.Low;
        var step = PinValue.Low;
        foreach (var w in writes)
        {
            if (w.Pin == DirPin)
            {
                dir = w.Value;
            }
            else if (w.Pin == StepPin)
            {
                if (step == PinValue.Low && w.Value == PinValue.High)
                {
                    var sign = dir == PinValue.High ? 1 : -1;
                    if (runs.Count > 0 && runs[^1].Sign == sign)
                    {
                        runs[^1] = (sign, runs[^1].Pulses + 1);
                    }
                    else
                    {
                        runs.Add((sign, 1));
                    }
                }

                step = w.Value;
            }
        }

        return runs;
    }

    public void Dispose()
    {
        Axis.Dispose();
        Gpio.Dispose();
    }
}

/// <summary>A fresh directory under the temp folder, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("focus-axis-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
