using System.Device.Gpio;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FocusController.Motion;
using FocusController.Motion.Options;

namespace FocusController.Benchmarks;

/// <summary>
/// How closely the pulse thread keeps the planned step intervals while the other cores are busy: every interval
/// between two STEP rising edges, minus the interval the ramp planned for it. The deviation cannot be negative by
/// design (a late step delays the rest); its median, p99 and maximum are printed at the end of each case.
/// dotnet run -c Release --project benchmarks/FocusController.Benchmarks -- --filter '*PulseJitter*' --inProcess
///   --strategy Monitoring --launchCount 1 --warmupCount 1 --iterationCount 3 --invocationCount 1
/// (in-process: on a loaded 2-core box BenchmarkDotNet's out-of-process build times out).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes them through [GlobalCleanup]")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class PulseJitterBenchmarks
{
    private const int StepPin = 20;
    private const int DirPin = 21;
    private const int Steps = 1000;
    private const double UmPerStep = 0.1;
    private const double AccelerationUmPerS2 = 200_000;

    private readonly List<double> _deviationsUs = [];
    private readonly List<Thread> _load = [];
    private volatile bool _loading;
    private EdgeClock _clock = null!;
    private GpioController _gpio = null!;
    private FocusAxis _axis = null!;
    private long[] _plannedTicks = [];
    private bool _up;

    [Params(5_000, 20_000)]
    public int StepRateHz { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clock = new EdgeClock(StepPin, Steps);
        _gpio = new GpioController(_clock);
        _axis = FocusAxis.Open(
            new FocusDriveOptions
            {
                Driver = DriverType.A4988,
                StepDir = new StepDirPinOptions { StepPin = StepPin, DirPin = DirPin },
                UmPerMicrostep = UmPerStep,
                MaxSpeedUmPerSecond = StepRateHz * UmPerStep,
                AccelerationUmPerSecondSquared = AccelerationUmPerS2,
                MinPositionUm = -10,
                MaxPositionUm = (Steps * UmPerStep) + 10,
                MaxMoveUm = (Steps * UmPerStep) + 10,
            },
            _gpio);

        var ramp = new TrapezoidalRamp(Steps, StepRateHz, AccelerationUmPerS2 / UmPerStep);
        var planned = new List<long>();
        while (!ramp.IsComplete)
        {
            planned.Add((long)Math.Ceiling(ramp.NextIntervalSeconds() * Stopwatch.Frequency));
            ramp.StepTaken();
        }

        _plannedTicks = [.. planned];

        // Keep every other core busy, as a stress run would.
        _loading = true;
        for (var i = 0; i < Math.Max(1, Environment.ProcessorCount - 1); i++)
        {
            var thread = new Thread(() =>
            {
                var x = 0.0;
                while (_loading)
                {
                    x = Math.Sqrt(x + 1);
                }
            })
            { IsBackground = true };
            thread.Start();
            _load.Add(thread);
        }
    }

    [Benchmark]
    public async Task Move1000Steps()
    {
        _clock.Reset();
        _up = !_up;
        await _axis.MoveToAsync(_up ? Steps * UmPerStep : 0, CancellationToken.None).ConfigureAwait(false);
        var edges = _clock.Edges;
        for (var k = 0; k + 1 < _clock.Count; k++)
        {
            var interval = edges[k + 1] - edges[k];
            _deviationsUs.Add((interval - _plannedTicks[k + 1]) * 1e6 / Stopwatch.Frequency);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _loading = false;
        foreach (var thread in _load)
        {
            thread.Join();
        }

        _axis.Dispose();
        _gpio.Dispose();
        var sorted = _deviationsUs.Order().ToArray();
        if (sorted.Length == 0)
        {
            return;
        }

        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"PulseJitter {StepRateHz} Hz: {sorted.Length} intervals, deviation from plan median {Quantile(sorted, 0.5):F1} µs, p99 {Quantile(sorted, 0.99):F1} µs, max {sorted[^1]:F1} µs, min {sorted[0]:F1} µs (planned cruise interval {1e6 / StepRateHz:F1} µs), load threads {_load.Count}");
        Console.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "pulse-jitter.txt"), line + Environment.NewLine);
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];

    /// <summary>A GPIO driver that only timestamps the rising edges of one pin, into a preallocated buffer.</summary>
    private sealed class EdgeClock(int pin, int capacity) : GpioDriver
    {
        private readonly Dictionary<int, PinValue> _levels = [];

        public long[] Edges { get; } = new long[capacity];

        public int Count { get; private set; }

        public void Reset() => Count = 0;

        protected override int PinCount => 64;

        protected override void OpenPin(int pinNumber)
        {
        }

        protected override void ClosePin(int pinNumber)
        {
        }

        protected override void SetPinMode(int pinNumber, PinMode mode)
        {
        }

        protected override PinMode GetPinMode(int pinNumber) => PinMode.Output;

        protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

        protected override PinValue Read(int pinNumber) => _levels.GetValueOrDefault(pinNumber, PinValue.Low);

        protected override void Write(int pinNumber, PinValue value)
        {
            if (pinNumber == pin && value == PinValue.High && _levels.GetValueOrDefault(pinNumber) == PinValue.Low && Count < Edges.Length)
            {
                Edges[Count++] = Stopwatch.GetTimestamp();
            }

            _levels[pinNumber] = value;
        }

        protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
        {
        }

        protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
        {
        }
    }
}
