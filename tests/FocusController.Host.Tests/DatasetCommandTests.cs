using FocusController.Imaging.Stacks;

namespace FocusController.Host.Tests;

public sealed class DatasetCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("focusctl-dataset-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    private static Task<(int Exit, string Output)> Dataset(string dir, params string[] extra) =>
        CommandLineTests.Invoke(["dataset", "--out", dir, "--objective", "20x-0.75", "--stacks", "2", "--range", "1", "--step", "0.5", "--width", "32", "--height", "32", .. extra]);

    [Fact]
    public async Task Writes_the_contract_layout_with_every_stack_listed()
    {
        string dir = Dir("a");
        var (exit, output) = await Dataset(dir, "--kinds", "blood,cells");

        Assert.Equal(0, exit);
        var reader = LabelledStackReader.Open(dir);
        Assert.Equal("simulated", reader.Manifest.Source);
        Assert.Equal(0.1725, reader.Manifest.PixelSizeUm);
        Assert.Equal(["blood", "cells"], reader.Manifest.Kinds);
        Assert.Equal(10, reader.Labels.Count);
        Assert.Equal(["s000000", "s000001"], reader.Stacks.Keys.Order());
        Assert.Contains(reader.Labels, l => l.Image == "stacks/s000000/z+00.50.png" && l.ZUm == 0.5 && l.Kind == "blood");
        Assert.Contains(reader.Labels, l => l.Image == "stacks/s000001/z-01.00.png" && l.ZUm == -1 && l.Kind == "cells");
        foreach (var label in reader.Labels)
        {
            var image = reader.ReadImage(label);
            Assert.Equal((32, 32), (image.Width, image.Height));
        }

        Assert.Contains("2 stacks, 10 images", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_bytes_and_another_seed_other_images()
    {
        await Dataset(Dir("a"), "--seed", "7");
        await Dataset(Dir("b"), "--seed", "7");
        await Dataset(Dir("c"), "--seed", "8");
        string image = Path.Combine("stacks", "s000001", "z+00.50.png");

        Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("a"), image)), File.ReadAllBytes(Path.Combine(Dir("b"), image)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(Dir("a"), image)), File.ReadAllBytes(Path.Combine(Dir("c"), image)));
    }

    [Fact]
    public async Task A_rerun_resumes_skipping_listed_stacks_and_rewriting_a_partial_one()
    {
        string dir = Dir("a");
        Assert.Equal(0, (await Dataset(dir)).Exit);
        // simulate an interruption: stack 1's rows never made it, one of its images is half written
        var lines = File.ReadAllLines(Path.Combine(dir, "labels.csv"));
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), lines.Where(l => !l.Contains("s000001", StringComparison.Ordinal)));
        string partial = Path.Combine(dir, "stacks", "s000001", "z+00.00.png");
        var complete = File.ReadAllBytes(partial);
        File.WriteAllBytes(partial, complete[..10]);
        var untouched = File.GetLastWriteTimeUtc(Path.Combine(dir, "stacks", "s000000", "z+00.00.png"));

        var (exit, output) = await Dataset(dir);

        Assert.Equal(0, exit);
        Assert.Contains("resuming: 1 of 2", output, StringComparison.Ordinal);
        Assert.Equal(complete, File.ReadAllBytes(partial));
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(Path.Combine(dir, "stacks", "s000000", "z+00.00.png")));
        var reader = LabelledStackReader.Open(dir);
        Assert.Equal(10, reader.Labels.Count);
        Assert.Equal(10, reader.Labels.Select(l => l.Image).Distinct().Count());
    }

    [Theory]
    [InlineData("--objective", "100x-1.4", "--objective 100x-1.4")]
    [InlineData("--kinds", "blood,plankton", "--kinds plankton")]
    [InlineData("--range", "60", "--range 60")]
    [InlineData("--range", "0", "--range 0")]
    [InlineData("--step", "0", "--step 0")]
    [InlineData("--step", "0.3", "--step 0.3")]
    [InlineData("--step", "0.005", "--step 0.005")]
    [InlineData("--stacks", "0", "--stacks 0")]
    [InlineData("--width", "8", "--width 8")]
    public async Task Bad_input_is_one_line_exit_2_and_writes_nothing(string option, string value, string expected)
    {
        string dir = Dir("bad");
        var args = new List<string> { "dataset", "--out", dir, "--objective", "20x-0.75", "--stacks", "1", "--range", "1", "--step", "0.5", "--width", "32", "--height", "32" };
        int at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (exit, output) = await CommandLineTests.Invoke([.. args]);

        Assert.Equal(2, exit);
        Assert.StartsWith("focusctl: " + expected, output, StringComparison.Ordinal);
        Assert.Single(output.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(dir), "a directory was created for bad input");
    }

    [Fact]
    public async Task A_non_empty_directory_is_refused_without_force_and_left_alone()
    {
        string dir = Dir("occupied");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");

        var (exit, output) = await Dataset(dir);

        Assert.Equal(2, exit);
        Assert.Contains("--out", output, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));

        Assert.Equal(0, (await Dataset(dir, "--force")).Exit);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        Assert.Equal(10, LabelledStackReader.Open(dir).Labels.Count);
    }

    [Fact]
    public async Task A_directory_holding_another_dataset_is_refused_without_force()
    {
        string dir = Dir("other");
        Assert.Equal(0, (await Dataset(dir, "--seed", "1")).Exit);
        var before = File.ReadAllText(Path.Combine(dir, "labels.csv"));

        var (exit, output) = await Dataset(dir, "--seed", "2");

        Assert.Equal(2, exit);
        Assert.Contains("other parameters", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "labels.csv")));
    }
}
