using System.CommandLine;
using System.Text.Json;
using FocusController.Host.Commands;
using FocusController.Control;
using FocusController.Bench;

namespace FocusController.Host.Tests;

public sealed class BenchCommandTests
{
    private static readonly string[] Strategies = [BenchReportWriter.SingleShotInt8, BenchReportWriter.SingleShotFp32, BenchReportWriter.Classic];

    [Fact]
    public async Task A_small_bench_prints_one_json_object_with_every_strategy_on_the_same_trials_and_tracking()
    {
        string trialsOut = TrialsOutPath();
        var (exit, output, error) = await RunBench("bench", "--objective", "20x-0.75", "--trials", "2", "--seed", "7", "--json", "--tracking-hours", "0.02", "--frame-size", "224", "--views", "8", "--trials-out", trialsOut);

        Assert.True(exit == 0, error);
        // progress goes to stderr, so stdout is the JSON object alone
        Assert.Contains("tracking", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var parameters = root.GetProperty("parameters");
        Assert.Equal("20x-0.75", parameters.GetProperty("objective").GetString());
        Assert.Equal(2, parameters.GetProperty("trials").GetInt32());
        Assert.Equal(7, parameters.GetProperty("seed").GetInt32());
        Assert.Equal(8, parameters.GetProperty("views_per_patch").GetInt32());
        foreach (string name in Strategies)
        {
            var entry = root.GetProperty(name);
            Assert.Equal(2, entry.GetProperty("trials").GetInt32());
            int successes = entry.GetProperty("successes").GetInt32();
            Assert.InRange(successes, 0, 2);
            Assert.Equal(2, entry.GetProperty("reasons").EnumerateObject().Sum(r => r.Value.GetInt32()));
            // per-focus figures are over the successful trials, final |z| over all of them
            Assert.Equal(successes, entry.GetProperty("frames_per_focus").GetProperty("count").GetInt32());
            Assert.Equal(2, entry.GetProperty("final_abs_defocus_um").GetProperty("count").GetInt32());
            Assert.Equal(2, entry.GetProperty("frames_per_run").GetProperty("count").GetInt32());
            Assert.True(entry.GetProperty("frames_per_run").GetProperty("median").GetDouble() >= 1);
            Assert.Equal(0, entry.GetProperty("left_travel_limits").GetInt32());
        }

        Assert.False(string.IsNullOrEmpty(root.GetProperty(BenchReportWriter.SingleShotInt8).GetProperty("model_version").GetString()));
        Assert.True(root.GetProperty(BenchReportWriter.SingleShotInt8).GetProperty("inference_ms").GetDouble() > 0);
        var tracking = root.GetProperty("tracking");
        Assert.Equal(BenchReportWriter.SingleShotInt8, tracking.GetProperty("strategy").GetString());
        // 72 s of tracking at one estimate per 10 s
        Assert.InRange(tracking.GetProperty("estimates").GetInt32(), 7, 9);

        // --trials-out: every trial of every strategy, agreeing with the summary
        string[] lines = await File.ReadAllLinesAsync(trialsOut);
        File.Delete(trialsOut);
        // one line per trial per strategy, then the tracking trace
        Assert.Equal((Strategies.Length * 2) + 1, lines.Length);
        var trace = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal(BenchReportWriter.SingleShotInt8, trace.GetProperty("tracking").GetString());
        var points = trace.GetProperty("trace").EnumerateArray().ToArray();
        // an estimate every interval, and the reading at each probe step
        Assert.Equal(tracking.GetProperty("estimates").GetInt32() + tracking.GetProperty("probes").GetInt32(), points.Length);
        Assert.Equal(
            tracking.GetProperty("corrections").GetInt32(),
            points.Count(p => TrackingActions.IsCorrection(p.GetProperty("action").GetString()!)));
        // the figures are over the estimates at the interval; the worst frame may be one a probe read
        var regular = points.Where(p => !p.GetProperty("probe").GetBoolean()).ToArray();
        Assert.Equal(tracking.GetProperty("estimates").GetInt32(), regular.Length);
        Assert.Equal(tracking.GetProperty("probes").GetInt32(), points.Length - regular.Length);
        Assert.Equal(
            tracking.GetProperty("true_abs_defocus_um").GetProperty("max").GetDouble(),
            regular.Max(p => Math.Abs(p.GetProperty("true_defocus_um").GetDouble())),
            3);
        Assert.True(points.Max(p => Math.Abs(p.GetProperty("true_defocus_um").GetDouble())) <= tracking.GetProperty("worst_abs_defocus_any_frame_um").GetDouble() + 1e-3);
        Assert.True(points.Zip(points.Skip(1)).All(p => p.First.GetProperty("seconds").GetDouble() < p.Second.GetProperty("seconds").GetDouble()));
        foreach (string name in Strategies)
        {
            var trials = lines.SkipLast(1).Select(l => JsonDocument.Parse(l).RootElement).Where(t => t.GetProperty("strategy").GetString() == name).ToArray();
            Assert.Equal([0, 1], trials.Select(t => t.GetProperty("trial").GetInt32()));
            Assert.Equal(root.GetProperty(name).GetProperty("successes").GetInt32(), trials.Count(t => t.GetProperty("success").GetBoolean()));
            Assert.All(trials, t => Assert.Equal(t.GetProperty("frames").GetInt32(), t.GetProperty("trace").GetArrayLength()));
            Assert.All(trials, t => Assert.False(string.IsNullOrEmpty(t.GetProperty("kind").GetString())));
        }
    }

    [Fact]
    public async Task A_fixed_inference_time_is_charged_to_both_models_for_every_estimate()
    {
        string trialsOut = TrialsOutPath();
        var (exit, output, error) = await RunBench("bench", "--trials", "2", "--seed", "3", "--json", "--tracking-hours", "0", "--frame-size", "224", "--inference-ms", "400", "--trials-out", trialsOut);

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Contains("--inference-ms", root.GetProperty("parameters").GetProperty("inference_timing").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, root.GetProperty(BenchReportWriter.SingleShotInt8).GetProperty("inference_ms").GetDouble());
        Assert.Equal(400, root.GetProperty(BenchReportWriter.SingleShotFp32).GetProperty("inference_ms").GetDouble());
        string[] lines = await File.ReadAllLinesAsync(trialsOut);
        File.Delete(trialsOut);
        var singleShot = lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(t => t.GetProperty("strategy").GetString() != BenchReportWriter.Classic)
            .ToArray();
        Assert.Equal(4, singleShot.Length);
        // every frame the model read cost 400 ms of simulated time on top of capture and moves
        Assert.All(singleShot, t => Assert.True(
            t.GetProperty("time_ms").GetDouble() >= 400 * t.GetProperty("trace").EnumerateArray().Count(p => p.GetProperty("estimate_um").ValueKind == JsonValueKind.Number),
            t.ToString()));
    }

    private static string TrialsOutPath() => Path.Combine(Path.GetTempPath(), $"bench-trials-{Guid.NewGuid():N}.jsonl");

    /// <summary>Runs focusctl with stdout and stderr apart: the JSON report is on stdout alone, progress on stderr.</summary>
    private static async Task<(int Exit, string Output, string Error)> RunBench(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await FocusctlCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--objective", "60x-1.4", "20x-0.75")]
    [InlineData("--trials", "0", "--trials 0")]
    [InlineData("--trials", "-5", "--trials -5")]
    [InlineData("--model-dir", "/nonexistent/models", "not found")]
    [InlineData("--frame-size", "100", "--frame-size 100")]
    [InlineData("--views", "2", "--views 2: allowed: 1, 4, 8")]
    [InlineData("--inference-ms", "-1", "--inference-ms -1: allowed: 0 to 10000")]
    [InlineData("--inference-ms", "20000", "--inference-ms 20000: allowed: 0 to 10000")]
    [InlineData("--trials-out", "/nonexistent/folder/trials.jsonl", "--trials-out /nonexistent/folder/trials.jsonl: its folder does not exist")]
    public async Task Bad_input_exits_2_with_one_line_naming_the_option(string option, string value, string expected)
    {
        string[] args = option == "--trials"
            ? ["bench", "--tracking-hours", "0", option, value]
            : ["bench", "--trials", "2", "--tracking-hours", "0", option, value];
        var (exit, output) = await CommandLineTests.Invoke(args);

        Assert.Equal(2, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
    }
}
