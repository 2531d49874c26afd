using FocusController.Control;
using FocusController.Control.Timing;
using FocusController.Host.Collect;
using FocusController.Host.Configuration;
using FocusController.Imaging;
using FocusController.Imaging.Stacks;
using FocusController.Motion.Options;

namespace FocusController.Host.Tests;

public sealed class CollectCommandTests : IDisposable
{
    private static readonly string[] SmallFrames = ["Simulation:Width=224", "Simulation:Height=224", "Simulation:Seed=5"];

    private readonly string _root = Directory.CreateTempSubdirectory("focusctl-collect-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    /// <summary>The simulated box as `collect --simulate` builds it, with 224x224 frames, and what each saved frame truly showed.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly SimulatedFields _fields;
        private readonly LabelledStackWriter _writer;
        private readonly StackCollector _collector;

        public Run(string directory, int fields, Func<CollectProgress, bool>? cancelWhen = null)
        {
            Clock = new VirtualClock(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
            var motor = new FocusDriveOptions
            {
                StepDir = new StepDirPinOptions { StepPin = 20, DirPin = 21, EnablePin = 16 },
                TravelPerRevolutionUm = 100,
                BacklashUm = 3,
                MaxSpeedUmPerSecond = 400,
                AccelerationUmPerSecondSquared = 10_000,
            };
            var simulation = new SimulationOptions { Width = 224, Height = 224, BacklashUm = 2, Specimen = "tissue" };
            var options = new CollectOptions { RangeUm = 1, StepUm = 0.5, Fields = fields };
            var profile = ObjectiveProfiles.Plan20x075;
            _fields = new SimulatedFields(motor, simulation, profile, "tissue", null, options.RangeUm + options.ApproachUm, seed: 11, Clock);
            var manifest = new StackManifest
            {
                Source = "simulated",
                Objective = profile.Name,
                PixelSizeUm = Math.Round(profile.PixelSizeUm, 9),
                RangeUm = 1,
                StepUm = 0.5,
                Width = 224,
                Height = 224,
                Seed = 11,
                Kinds = ["tissue"],
                Generator = "test",
            };
            _writer = LabelledStackWriter.Open(directory, manifest, overwrite: false);
            _collector = new StackCollector(_fields, _writer, profile, new FocusOptions(), options)
            {
                Progress = new Recorder(p =>
                {
                    if (p.ZUm is { } z && p.Frame is { } frame)
                    {
                        Truth[(p.Field, Math.Round(z, 2))] = _fields.TrueDefocusUm(frame.ExposureStart);
                    }

                    if (cancelWhen?.Invoke(p) == true)
                    {
                        Cancel.Cancel();
                    }
                }),
            };
        }

        public VirtualClock Clock { get; }

        public CancellationTokenSource Cancel { get; } = new();

        public Dictionary<(int Field, double Z), double> Truth { get; } = [];

        public int Collect() => Clock.Run(() => _collector.RunAsync(Cancel.Token));

        public async ValueTask DisposeAsync()
        {
            _writer.Dispose();
            await _fields.DisposeAsync();
            Cancel.Dispose();
        }
    }

    private sealed class Recorder(Action<CollectProgress> onReport) : IProgress<CollectProgress>
    {
        public void Report(CollectProgress value) => onReport(value);
    }

    [Fact]
    public async Task Two_fields_are_read_back_with_z_labels_that_match_the_simulator_truth()
    {
        string dir = Dir("a");
        await using (var run = new Run(dir, fields: 2))
        {
            Assert.Equal(2, run.Collect());

            var reader = LabelledStackReader.Open(dir);
            Assert.Equal(["s000000", "s000001"], reader.Stacks.Keys.Order());
            Assert.Equal(10, reader.Labels.Count);
            foreach (var label in reader.Labels)
            {
                Assert.Equal("20x-0.75", label.Objective);
                Assert.Equal(0.1725, label.PixelSizeUm);
                Assert.Equal("tissue", label.Kind);
                Assert.Equal((224, 224), (reader.ReadImage(label).Width, reader.ReadImage(label).Height));
            }

            // z = 0 is the sharpest frame by the focus measure: with phase and absorption in the specimen that sits a
            // fraction of the depth of field from the nominal focus, but the labels must follow the truth step for step
            foreach (var (stackId, labels) in reader.Stacks)
            {
                var field = stackId == "s000000" ? 0 : 1;
                var offsets = labels.Select(l => l.ZUm - run.Truth[(field, l.ZUm)]).ToList();
                var spread = offsets.Max() - offsets.Min();
                Assert.True(spread <= 0.1, $"{stackId}: label - true defocus varies by {spread:F3} um: {string.Join(", ", offsets.Select(o => o.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
                Assert.True(Math.Abs(offsets.Average()) < ObjectiveProfiles.Plan20x075.DepthOfFieldUm, $"{stackId}: z = 0 lies {offsets.Average():F2} um from the nominal focus");
            }

            // the stack's z are the requested steps, to the motor's microstep
            Assert.Equal([-1, -0.5, 0, 0.5, 1], reader.Stacks["s000000"].Select(l => Math.Round(l.ZUm * 2) / 2));
        }
    }

    [Fact]
    public async Task An_interrupted_collection_resumes_without_duplicating_or_losing_frames()
    {
        string dir = Dir("b");
        await using (var interrupted = new Run(dir, fields: 2, cancelWhen: p => p.Field == 1 && p.Image == 3))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Collect());
        }

        var afterInterrupt = LabelledStackReader.Open(dir);
        Assert.Equal(["s000000"], afterInterrupt.Stacks.Keys);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(dir, "stacks", "s000001")).Length);
        var kept = Directory.GetFiles(Path.Combine(dir, "stacks", "s000000")).ToDictionary(f => f, File.ReadAllBytes);

        await using (var resumed = new Run(dir, fields: 2))
        {
            Assert.Equal(1, resumed.Collect());
        }

        var reader = LabelledStackReader.Open(dir);
        Assert.Equal(10, reader.Labels.Count);
        Assert.Equal(10, reader.Labels.Select(l => l.Image).Distinct().Count());
        Assert.Equal(5, reader.Stacks["s000001"].Count);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(dir, "stacks", "s000001")).Length);
        foreach (var (path, bytes) in kept)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        foreach (var label in reader.Labels)
        {
            Assert.Equal(224, reader.ReadImage(label).Width);
        }
    }

    [Fact]
    public async Task The_command_collects_an_image_specimen_in_the_contract_format()
    {
        string image = Path.Combine(_root, "specimen.png");
        Assert.Equal(0, (await CommandLineTests.Invoke("render", "--objective", "20x-0.75", "--procedural", "3", "--kind", "cells", "--z", "0", "--width", "300", "--height", "300", "--out", image)).Exit);
        string dir = Dir("c");

        var (exit, output) = await CommandLineTests.Invoke(["collect", "--simulate", "--out", dir, "--fields", "1", "--range", "1", "--step", "0.5", "--specimen", image, .. SmallFrames]);

        Assert.True(exit == 0, output);
        Assert.Contains("1 of 1 fields, 5 images", output, StringComparison.Ordinal);
        var reader = LabelledStackReader.Open(dir);
        Assert.Equal("simulated", reader.Manifest.Source);
        Assert.Equal("20x-0.75", reader.Manifest.Objective);
        Assert.Equal(0.1725, reader.Manifest.PixelSizeUm);
        Assert.Equal(["image"], reader.Manifest.Kinds);
        Assert.Equal(5, reader.Labels.Count);
        Assert.All(reader.Labels, l => Assert.Equal("image", l.Kind));

        // the same arguments again: nothing left to do, nothing rewritten
        var written = File.GetLastWriteTimeUtc(Path.Combine(dir, "labels.csv"));
        var (again, againOutput) = await CommandLineTests.Invoke(["collect", "--simulate", "--out", dir, "--fields", "1", "--range", "1", "--step", "0.5", "--specimen", image, .. SmallFrames]);
        Assert.Equal(0, again);
        Assert.Contains("resuming: 1 of 1", againOutput, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(dir, "labels.csv")));

        // other parameters into the same directory: refused, the collection untouched
        var (other, otherOutput) = await CommandLineTests.Invoke(["collect", "--simulate", "--out", dir, "--fields", "1", "--range", "2", "--step", "0.5", "--specimen", image, .. SmallFrames]);
        Assert.Equal(2, other);
        Assert.Contains("other parameters", otherOutput, StringComparison.Ordinal);
        Assert.Equal(5, LabelledStackReader.Open(dir).Labels.Count);
    }

    [Theory]
    [InlineData("--range", "0", "--range 0")]
    [InlineData("--step", "0.3", "--step 0.3")]
    [InlineData("--step", "0.01", "--step 0.01")]
    [InlineData("--fields", "0", "--fields 0")]
    [InlineData("--specimen", "plankton", "--specimen plankton")]
    [InlineData("Motor:Microstepping=3", "Simulation:Width=224", "config error")]
    [InlineData("--bogus", "Simulation:Width=224", "--bogus")]
    public async Task Bad_input_exits_2_naming_the_argument_and_writes_nothing(string option, string value, string named)
    {
        string dir = Dir("bad");

        var args = new Dictionary<string, string> { ["--range"] = "1", ["--step"] = "0.5" };
        args.Remove(option);
        var (exit, output) = await CommandLineTests.Invoke(["collect", "--simulate", "--out", dir, .. args.SelectMany(a => new[] { a.Key, a.Value }), option, value]);

        Assert.Equal(2, exit);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task A_specimen_without_simulate_and_an_out_that_is_a_file_are_refused()
    {
        string file = Path.Combine(_root, "file.txt");
        await File.WriteAllTextAsync(file, "keep me");

        var (exit, output) = await CommandLineTests.Invoke("collect", "--out", Dir("d"), "--specimen", "blood");
        var (fileExit, fileOutput) = await CommandLineTests.Invoke(["collect", "--simulate", "--out", file, "--range", "1", .. SmallFrames]);

        Assert.Equal(2, exit);
        Assert.Contains("only with --simulate", output, StringComparison.Ordinal);
        Assert.Equal(2, fileExit);
        Assert.Contains("is a file", fileOutput, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(file));
    }
}
