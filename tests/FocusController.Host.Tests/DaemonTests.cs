using System.Text.Json;
using FocusController.Control;
using FocusController.Host.Commands;
using FocusController.Host.Configuration;
using FocusController.Host.Control;
using FocusController.Host.Daemon;
using FocusController.Motion.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Tests;

/// <summary>The daemon started in-process, in simulate mode, driven through its socket as focusctl does.</summary>
public sealed class DaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fc-daemon").FullName;

    private string Socket => Path.Combine(_dir, "control.sock");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(string json)
    {
        string path = Path.Combine(_dir, "focuscontroller.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void The_shipped_example_config_is_valid_in_every_section()
    {
        string example = Path.Combine(SystemdUnitTests.RepositoryRoot(), "systemd", "focuscontroller.json");
        using var host = DaemonHost.Build(new RunSettings(example, Simulate: false, []));

        // IOptions<T>.Value runs the same validators as ValidateOnStart
        Assert.Equal("20x-0.75", host.Services.GetRequiredService<IOptions<ModelOptions>>().Value.Objective);
        Assert.Equal(20, host.Services.GetRequiredService<IOptions<FocusDriveOptions>>().Value.StepDir.StepPin);
        Assert.NotNull(host.Services.GetRequiredService<IOptions<FocusOptions>>().Value);
        Assert.NotNull(host.Services.GetRequiredService<IOptions<Camera.CameraOptions>>().Value);
        Assert.NotNull(host.Services.GetRequiredService<IOptions<PanelOptions>>().Value);
        Assert.NotNull(host.Services.GetRequiredService<IOptions<DaemonOptions>>().Value);
    }

    [Theory]
    [InlineData("\"Motor\": { \"MaxSpeedUmPerSecond\": -5 }", "Motor:MaxSpeedUmPerSecond")]
    [InlineData("\"Daemon\": { \"Strategy\": \"guess\" }", "Daemon:Strategy = 'guess'")]
    [InlineData("\"Model\": { \"Objective\": \"100x-1.4\" }", "Model:Objective = '100x-1.4'")]
    [InlineData("\"Model\": { \"Views\": 3 }", "Model:Views = 3: allowed: 1, 4, 8")]
    [InlineData("\"Focus\": { \"SettleMs\": -1 }", "Focus:SettleMs")]
    [InlineData("\"Motor\": { \"StepDir\": { \"StepPin\": \"twenty\" } }", "Motor:StepDir:StepPin")]
    public async Task A_bad_value_exits_78_naming_the_key_and_nothing_starts(string section, string named)
    {
        string config = WriteConfig("{ " + section + " }");
        using var error = new StringWriter();

        int exit = await RunCommand.RunAsync(new RunSettings(config, Simulate: true, [$"Daemon:ControlSocket={Socket}"]), error, CancellationToken.None);

        Assert.Equal(RunCommand.ConfigErrorExitCode, exit);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Socket), "the daemon must not have started");
    }

    [Fact]
    public async Task A_file_that_is_not_json_exits_78_naming_the_file()
    {
        string config = WriteConfig("{ \"Model\": { \"Objective\": ");
        using var error = new StringWriter();

        int exit = await RunCommand.RunAsync(new RunSettings(config, Simulate: true, []), error, CancellationToken.None);

        Assert.Equal(RunCommand.ConfigErrorExitCode, exit);
        Assert.Contains("focuscontroller.json", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_exits_78_without_simulate()
    {
        using var error = new StringWriter();

        int exit = await RunCommand.RunAsync(new RunSettings(Path.Combine(_dir, "absent.json"), Simulate: false, []), error, CancellationToken.None);

        Assert.Equal(RunCommand.ConfigErrorExitCode, exit);
        Assert.Contains("absent.json: config file not found", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulated_daemon_answers_status_and_focuses_on_request()
    {
        using var host = DaemonHost.Build(new RunSettings(null, Simulate: true, SmallSimulation()));
        await host.StartAsync();
        try
        {
            var status = await StatusAsync(phase => phase is "idle");
            Assert.True(status.GetProperty("simulated").GetBoolean());
            Assert.Equal("20x-0.75", status.GetProperty("objective").GetString());

            string reply = await ControlClient.SendAsync(Socket, "focus", CancellationToken.None);
            var focus = JsonSerializer.Deserialize<FocusReply>(reply, ControlProtocol.Json)!;

            Assert.True(focus.Accepted);
            Assert.NotNull(focus.Outcome);
            Assert.True(focus.Outcome.Frames >= 1, reply);
            Assert.Contains(focus.Outcome.Result, new[] { "in_focus", "no_focus_here" });
            var after = await StatusAsync(_ => true);
            Assert.Equal(1, after.GetProperty("focus_runs").GetInt32());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_missing_model_falls_back_to_the_classic_search_and_says_so()
    {
        var overrides = SmallSimulation().Append($"Model:Path={Path.Combine(_dir, "no-such-model.onnx")}").ToList();
        using var host = DaemonHost.Build(new RunSettings(null, Simulate: true, overrides));
        await host.StartAsync();
        try
        {
            var status = await StatusAsync(phase => phase is "idle");

            Assert.Equal("classic", status.GetProperty("strategy").GetString());
            Assert.StartsWith("model_missing", status.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Camera_loss_ends_a_focus_run_as_a_fault_without_moving_the_axis_and_the_daemon_stays_up()
    {
        UnpluggableRig? rig = null;
        using var host = DaemonHost.Build(new RunSettings(null, Simulate: true, SmallSimulation()), services =>
        {
            services.AddSingleton<VirtualRigSource>();
            services.AddSingleton<IRigSource>(p => rig = new UnpluggableRig(p.GetRequiredService<VirtualRigSource>()));
        });
        await host.StartAsync();
        try
        {
            await StatusAsync(phase => phase is "idle");
            double before = rig!.Parts!.Rig.Drive.PositionUm;
            ((Simulation.Microscope.SimulatedCamera)rig.Parts.Rig.Camera).Unplug();

            string reply = await ControlClient.SendAsync(Socket, "focus", CancellationToken.None);
            var focus = JsonSerializer.Deserialize<FocusReply>(reply, ControlProtocol.Json)!;
            var status = await StatusAsync(_ => true);

            Assert.Equal("fault", focus.Outcome!.Result);
            Assert.Equal(FocusReasons.CameraLost, focus.Outcome.Reason);
            Assert.Equal(0, focus.Outcome.Moves);
            Assert.Equal(before, rig.Parts.Rig.Drive.PositionUm);
            Assert.Equal("fault", status.GetProperty("phase").GetString());
            Assert.Equal("CameraLost", status.GetProperty("camera").GetString());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task After_a_crash_mid_move_the_daemon_refuses_to_move_until_the_technician_references_the_axis()
    {
        string stateDirectory = Path.Combine(_dir, "state");
        Directory.CreateDirectory(stateDirectory);
        // what a power cut during a move leaves behind: the move had begun and never ended
        File.WriteAllText(Path.Combine(stateDirectory, "focus-axis.json"),
            """{ "PositionUm": 12.5, "Moving": true, "BacklashTakenUp": false, "SavedAt": "2026-11-25T00:00:00+00:00" }""");
        var overrides = SmallSimulation().Append($"Motor:StateDirectory={stateDirectory}").ToList();
        using var host = DaemonHost.Build(new RunSettings(null, Simulate: true, overrides));
        await host.StartAsync();
        try
        {
            var idle = await StatusAsync(phase => phase is "idle");
            // unknown, so absent: status never shows a made-up number
            Assert.False(idle.TryGetProperty("position_um", out _), idle.ToString());

            var refused = JsonSerializer.Deserialize<FocusReply>(await ControlClient.SendAsync(Socket, "focus", CancellationToken.None), ControlProtocol.Json)!;
            Assert.Equal("fault", refused.Outcome!.Result);
            Assert.Equal(FocusReasons.PositionUnknown, refused.Outcome.Reason);
            Assert.Equal(0, refused.Outcome.Moves);

            var reference = JsonSerializer.Deserialize<ReferenceReply>(await ControlClient.SendAsync(Socket, "reference", CancellationToken.None), ControlProtocol.Json)!;
            Assert.True(reference.Accepted, reference.Error);
            Assert.Equal(0, reference.PositionUm);
            var referenced = await StatusAsync(_ => true);
            Assert.Equal("idle", referenced.GetProperty("phase").GetString());
            Assert.Equal(0, referenced.GetProperty("position_um").GetDouble());

            var focus = JsonSerializer.Deserialize<FocusReply>(await ControlClient.SendAsync(Socket, "focus", CancellationToken.None), ControlProtocol.Json)!;
            Assert.NotEqual(FocusReasons.PositionUnknown, focus.Outcome!.Reason);
            Assert.True(focus.Outcome.Frames >= 1);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>The virtual rig, kept at hand so a test can pull the camera's cable.</summary>
    private sealed class UnpluggableRig(VirtualRigSource inner) : IRigSource
    {
        public RigParts? Parts { get; private set; }

        public async Task<RigParts> OpenAsync(CancellationToken cancellationToken) =>
            Parts = await inner.OpenAsync(cancellationToken);
    }

    [Fact]
    public void An_invalid_edit_is_ignored_and_a_valid_one_applied()
    {
        string config = WriteConfig("""{ "Focus": { "MaxIterations": 6 } }""");
        using var host = DaemonHost.Build(new RunSettings(config, Simulate: true, []));
        var guard = host.Services.GetRequiredService<ConfigReloadGuard>();
        var focus = host.Services.GetRequiredService<LiveOptions<FocusOptions>>();
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        File.WriteAllText(config, """{ "Focus": { "MaxIterations": 0 } }""");
        configuration.Reload();
        guard.Reload();
        Assert.Equal(6, focus.Current.MaxIterations);
        Assert.Equal(1, guard.Rejected);

        File.WriteAllText(config, """{ "Focus": { "MaxIterations": 9 } }""");
        configuration.Reload();
        guard.Reload();
        Assert.Equal(9, focus.Current.MaxIterations);
        Assert.Equal(1, guard.Applied);
    }

    private List<string> SmallSimulation() =>
    [
        $"Daemon:ControlSocket={Socket}",
        "Daemon:FocusOnStart=false",
        "Simulation:Seed=11",
        "Simulation:Specimen=blood",
        "Simulation:StartDefocusUm=3",
        "Simulation:Width=448",
        "Simulation:Height=448",
    ];

    private async Task<JsonElement> StatusAsync(Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (File.Exists(Socket))
            {
                using var json = JsonDocument.Parse(await ControlClient.SendAsync(Socket, "status", CancellationToken.None));
                if (until(json.RootElement.GetProperty("phase").GetString()!) || DateTime.UtcNow > deadline)
                {
                    return json.RootElement.Clone();
                }
            }
            else if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the daemon never opened its socket");
            }

            await Task.Delay(100);
        }
    }
}
