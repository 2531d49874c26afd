using FocusController.Imaging;

namespace FocusController.Host.Tests;

public sealed class RenderCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("focusctl-render-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Renders_a_procedural_frame_of_the_requested_size()
    {
        string output = Path.Combine(_root, "frame.png");

        var (exit, text) = await CommandLineTests.Invoke("render", "--procedural", "3", "--kind", "cells", "--objective", "40x-0.65", "--z", "-2.5", "--width", "64", "--height", "48", "--out", output);

        Assert.Equal(0, exit);
        var image = ImageFile.Read(output);
        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.Contains("cells", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renders_an_image_specimen_and_defocus_changes_it()
    {
        string specimen = Path.Combine(_root, "specimen.png");
        var source = new RgbImage(80, 80);
        for (int i = 0; i < source.Pixels.Length; i++)
        {
            // clear glass with a dark square
            int x = (i / 3) % 80, y = i / 240;
            source.Pixels[i] = (byte)(x is > 30 and < 50 && y is > 30 and < 50 ? 60 : 220);
        }

        ImageFile.WritePng(source, specimen);
        string focused = Path.Combine(_root, "z0.png");
        string defocused = Path.Combine(_root, "z5.png");

        Assert.Equal(0, (await CommandLineTests.Invoke("render", "--specimen", specimen, "--objective", "20x-0.75", "--z", "0", "--width", "64", "--height", "64", "--out", focused)).Exit);
        Assert.Equal(0, (await CommandLineTests.Invoke("render", "--specimen", specimen, "--objective", "20x-0.75", "--z", "5", "--width", "64", "--height", "64", "--out", defocused)).Exit);

        var sharp = ImageFile.Read(focused);
        var blurred = ImageFile.Read(defocused);
        // the square's centre is dark in focus and lighter when blurred
        Assert.True(sharp.Pixels[((32 * 64) + 32) * 3] < 110, $"in focus centre {sharp.Pixels[((32 * 64) + 32) * 3]}");
        Assert.True(blurred.Pixels[((32 * 64) + 32) * 3] > sharp.Pixels[((32 * 64) + 32) * 3] + 10);
    }

    [Theory]
    [InlineData(new[] { "--procedural", "1", "--objective", "60x", "--z", "1" }, "--objective 60x")]
    [InlineData(new[] { "--procedural", "1", "--kind", "plankton", "--objective", "20x-0.75", "--z", "1" }, "--kind plankton")]
    [InlineData(new[] { "--procedural", "1", "--objective", "20x-0.75", "--z", "51" }, "--z 51")]
    [InlineData(new[] { "--objective", "20x-0.75", "--z", "1" }, "--specimen PATH or --procedural SEED")]
    [InlineData(new[] { "--procedural", "1", "--specimen", "x.png", "--objective", "20x-0.75", "--z", "1" }, "--specimen PATH or --procedural SEED")]
    [InlineData(new[] { "--procedural", "1", "--objective", "20x-0.75", "--z", "1", "--width", "5000" }, "--width 5000")]
    [InlineData(new[] { "--procedural", "1", "--objective", "20x-0.75", "--z", "1", "--coverslip-error", "80" }, "--coverslip-error 80")]
    public async Task Bad_input_is_one_line_exit_2_and_writes_nothing(string[] arguments, string expected)
    {
        string output = Path.Combine(_root, "out.png");

        var (exit, text) = await CommandLineTests.Invoke(["render", .. arguments, "--out", output]);

        Assert.Equal(2, exit);
        Assert.StartsWith("focusctl: " + expected, text, StringComparison.Ordinal);
        Assert.Single(text.TrimEnd().Split('\n'));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_specimen_that_is_not_an_image_is_refused()
    {
        string notImage = Path.Combine(_root, "notes.png");
        File.WriteAllText(notImage, "not a picture");
        string output = Path.Combine(_root, "out.png");

        var (exit, text) = await CommandLineTests.Invoke("render", "--specimen", notImage, "--objective", "20x-0.75", "--z", "1", "--out", output);

        Assert.Equal(2, exit);
        Assert.Contains(notImage, text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_specimen_smaller_than_the_frame_is_refused()
    {
        string small = Path.Combine(_root, "small.png");
        ImageFile.WritePng(new RgbImage(40, 40), small);
        string output = Path.Combine(_root, "out.png");

        var (exit, text) = await CommandLineTests.Invoke("render", "--specimen", small, "--objective", "20x-0.75", "--z", "1", "--width", "64", "--height", "64", "--out", output);

        Assert.Equal(2, exit);
        Assert.StartsWith("focusctl: --specimen", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_output_in_a_missing_directory_is_refused()
    {
        string output = Path.Combine(_root, "missing", "out.png");

        var (exit, text) = await CommandLineTests.Invoke("render", "--procedural", "1", "--objective", "20x-0.75", "--z", "1", "--out", output);

        Assert.Equal(2, exit);
        Assert.StartsWith("focusctl: --out", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "missing")));
    }
}
