using System.Globalization;
using System.Text.Json;
using FocusController.Imaging;
using FocusController.Inference;
using SkiaSharp;

namespace FocusController.Host.Tests;

public sealed class PredictCommandTests : IDisposable
{
    private static readonly string Model = Fixture("fixture-linear.onnx");
    private readonly string _dir = Directory.CreateTempSubdirectory("focusctl-predict-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    /// <summary>
    /// An 800x600 frame (small, so writing the PNG is quick), blank on the left, random texture in 3x3 blocks
    /// from x = <paramref name="textureFrom"/>.
    /// </summary>
    private string Frame(string name, int textureFrom = 300, int width = 800, int height = 600)
    {
        var random = new Random(name.Length);
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < width; x++)
            {
                byte v = x < textureFrom ? (byte)200 : (x % 3 == 0 && y % 3 == 0) ? (byte)random.Next(30, 220) : image.Row(y - (y % 3))[3 * (x - (x % 3))];
                row[3 * x] = v;
                row[(3 * x) + 1] = (byte)(v / 2);
                row[(3 * x) + 2] = (byte)(255 - v);
            }
        }

        string path = Path.Combine(_dir, name);
        ImageFile.WritePng(image, path);
        return path;
    }

    private static DefocusEstimate Reference(string frame)
    {
        using var estimator = PatchDefocusEstimator.Open(new LdseModelOptions { ModelPath = Model, IntraOpThreads = 1 });
        return estimator.Estimate(ImageFile.Read(frame));
    }

    [Fact]
    public async Task Text_output_is_one_line_per_frame_with_the_estimate()
    {
        string textured = Frame("textured.png");
        string blank = Frame("blank.png", textureFrom: 5000);

        var (exit, output) = await CommandLineTests.Invoke("predict", textured, blank, "--model", Model);

        Assert.Equal(0, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        var expected = Reference(textured);
        string value = expected.DefocusUm.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
        int used = expected.Patches.Count(p => p.Used);
        Assert.Matches($@"^{Regex(textured)}: defocus {Regex(value)} um, confidence \d\.\d\d, {used}/9 patches, \d+\.\d ms$", lines[0]);
        Assert.Matches($@"^{Regex(blank)}: no content \(9/9 patches blank, clipped or dark\), \d+\.\d ms$", lines[1]);
    }

    [Fact]
    public async Task Json_output_is_one_object_per_line_with_the_schema()
    {
        string textured = Frame("textured.png");
        string blank = Frame("blank.png", textureFrom: 5000);

        var (exit, output) = await CommandLineTests.Invoke("predict", textured, blank, "--model", Model, "--json");

        Assert.Equal(0, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        var expected = Reference(textured);

        using (var ok = JsonDocument.Parse(lines[0]))
        {
            var root = ok.RootElement;
            Assert.Equal(textured, root.GetProperty("file").GetString());
            Assert.Equal("ok", root.GetProperty("status").GetString());
            Assert.Equal(expected.DefocusUm, root.GetProperty("defocus_um").GetDouble(), 1e-3);
            Assert.InRange(root.GetProperty("confidence").GetDouble(), 0, 1);
            Assert.True(root.GetProperty("elapsed_ms").GetDouble() > 0);
            var patches = root.GetProperty("patches").EnumerateArray().ToArray();
            Assert.Equal(9, patches.Length);
            for (int i = 0; i < patches.Length; i++)
            {
                Assert.Equal(expected.Patches[i].X, patches[i].GetProperty("x").GetInt32());
                Assert.Equal(expected.Patches[i].Y, patches[i].GetProperty("y").GetInt32());
                Assert.Equal(expected.Patches[i].Used, patches[i].GetProperty("used").GetBoolean());
                var patchValue = patches[i].GetProperty("defocus_um");
                if (expected.Patches[i].Used)
                {
                    Assert.Equal(expected.Patches[i].DefocusUm, patchValue.GetDouble(), 1e-3);
                }
                else
                {
                    Assert.Equal(JsonValueKind.Null, patchValue.ValueKind);
                }
            }
        }

        using var none = JsonDocument.Parse(lines[1]);
        Assert.Equal("no_content", none.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("defocus_um").ValueKind);
        Assert.All(none.RootElement.GetProperty("patches").EnumerateArray(), p => Assert.False(p.GetProperty("used").GetBoolean()));
    }

    [Fact]
    public async Task Annotate_writes_a_png_with_the_grid_drawn_on_the_frame()
    {
        string frame = Frame("frame.png");
        string annotated = Path.Combine(_dir, "annotated.png");

        var (exit, _) = await CommandLineTests.Invoke("predict", frame, "--model", Model, "--annotate", annotated);

        Assert.Equal(0, exit);
        using var bitmap = SKBitmap.Decode(annotated);
        Assert.Equal((800, 600), (bitmap.Width, bitmap.Height));
        var estimate = Reference(frame);
        var used = estimate.Patches.First(p => p.Used);
        var rejected = estimate.Patches.First(p => !p.Used);
        // outline colours at the middle of each patch's right edge (rows overlap, labels may cover bottom edges)
        var green = bitmap.GetPixel(used.X + 223, used.Y + 112);
        var red = bitmap.GetPixel(rejected.X + 223, rejected.Y + 112);
        Assert.True(green.Green > 180 && green.Red < 100, $"used patch outline is {green}");
        Assert.True(red.Red > 180 && red.Green < 100, $"rejected patch outline is {red}");
    }

    [Fact]
    public async Task Annotate_with_several_frames_names_each_output_after_its_frame()
    {
        string first = Frame("first.png");
        string second = Frame("second.png");
        string annotated = Path.Combine(_dir, "out.png");

        var (exit, _) = await CommandLineTests.Invoke("predict", first, second, "--model", Model, "--annotate", annotated);

        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(_dir, "out-first.png")));
        Assert.True(File.Exists(Path.Combine(_dir, "out-second.png")));
        Assert.False(File.Exists(annotated));
    }

    [Fact]
    public async Task Missing_frame_is_one_line_naming_the_file_and_exit_2()
    {
        string missing = Path.Combine(_dir, "missing.png");

        var (exit, output) = await CommandLineTests.Invoke("predict", missing, "--model", Model);

        Assert.Equal(2, exit);
        Assert.Equal($"focusctl: {missing}: file not found", output.TrimEnd());
    }

    [Fact]
    public async Task Corrupt_frame_is_reported_and_the_other_frames_still_estimated()
    {
        string corrupt = Path.Combine(_dir, "corrupt.png");
        File.WriteAllBytes(corrupt, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        string good = Frame("good.png");

        var (exit, output) = await CommandLineTests.Invoke("predict", corrupt, good, "--model", Model);

        Assert.Equal(2, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith($"focusctl: {corrupt}: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{good}: defocus ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Frame_smaller_than_a_patch_is_refused_naming_the_file()
    {
        string tiny = Frame("tiny.png", width: 200, height: 150);

        var (exit, output) = await CommandLineTests.Invoke("predict", tiny, "--model", Model);

        Assert.Equal(2, exit);
        Assert.Equal($"focusctl: {tiny}: frame is 200x150 pixels; at least 224x224 (one patch) is needed", output.TrimEnd());
    }

    [Theory]
    [InlineData("fixture-wrong-shape.onnx", "the contract is float32 [N,3,224,224]")]
    [InlineData("fixture-no-metadata.onnx", "metadata_props lacks 'focuscontroller.format'")]
    [InlineData("no-such-model.onnx", "model file not found")]
    public async Task Unusable_model_is_one_line_naming_the_file_and_exit_2(string model, string problem)
    {
        string frame = Frame("frame.png");
        string path = Fixture(model);

        var (exit, output) = await CommandLineTests.Invoke("predict", frame, "--model", path);

        Assert.Equal(2, exit);
        string line = Assert.Single(output.TrimEnd().Split('\n'));
        Assert.StartsWith($"focusctl: {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_model_file_is_refused()
    {
        string model = Path.Combine(_dir, "ldse-net-broken.int8.onnx");
        File.WriteAllText(model, "not a model");

        var (exit, output) = await CommandLineTests.Invoke("predict", Frame("frame.png"), "--model", model);

        Assert.Equal(2, exit);
        Assert.StartsWith($"focusctl: {model}: not a loadable ONNX model", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_precision_lists_the_allowed_ones()
    {
        var (exit, output) = await CommandLineTests.Invoke("predict", Frame("frame.png"), "--precision", "int4");

        Assert.Equal(2, exit);
        Assert.Equal("focusctl: --precision int4: allowed values are int8 and fp32", output.TrimEnd());
    }

    [Fact]
    public async Task Default_model_that_is_nowhere_says_where_it_looked()
    {
        var (exit, output) = await CommandLineTests.Invoke("predict", Frame("frame.png"), "--objective", "63x-1.4-oil", "--precision", "fp32");

        Assert.Equal(2, exit);
        Assert.StartsWith("focusctl: model ldse-net-63x-1.4-oil.fp32.onnx not found (looked in ", output, StringComparison.Ordinal);
        Assert.Contains("pass --model PATH", output, StringComparison.Ordinal);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
