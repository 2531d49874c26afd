using System.Text.Json;
using FocusController.Host.Commands;
using FocusController.Host.Configuration;
using FocusController.Host.Control;
using FocusController.Host.Daemon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Tests;

public sealed class ControlSocketTests : IAsyncLifetime
{
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"fc-test-{Guid.NewGuid():N}.sock");
    private readonly DaemonStateStore _state = new(TimeProvider.System);
    private readonly FocusRequests _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private ControlSocketServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = new ControlSocketServer(Options.Create(new DaemonOptions { ControlSocket = _socket }), _state, _requests, NullLogger<ControlSocketServer>.Instance);
        await _server.StartAsync(_stop.Token);
        await _server.Listening.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _server.StopAsync(CancellationToken.None);
        _server.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task Socket_is_mode_0660_so_only_the_service_user_and_group_reach_the_motor()
    {
        var mode = File.GetUnixFileMode(_socket);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Status_returns_the_current_state_as_json()
    {
        _state.Update(s => s with { Phase = DaemonPhase.Tracking, Objective = "20x-0.75", PositionUm = 1.25, TrackingCorrections = 3 });

        string reply = await ControlClient.SendAsync(_socket, "status", CancellationToken.None);
        using var json = JsonDocument.Parse(reply);

        Assert.Equal("tracking", json.RootElement.GetProperty("phase").GetString());
        Assert.Equal(1.25, json.RootElement.GetProperty("position_um").GetDouble());
        Assert.Equal(3, json.RootElement.GetProperty("tracking_corrections").GetInt32());
    }

    [Fact]
    public async Task Focus_queues_one_run_and_answers_with_its_outcome()
    {
        var loop = Task.Run(async () =>
        {
            var request = Assert.IsType<FocusRequest>(await _requests.Reader.ReadAsync());
            request.Completion.SetResult(new LastFocus("in_focus", null, 3, 2, 420, 0.1, DateTimeOffset.UnixEpoch));
        });

        string reply = await ControlClient.SendAsync(_socket, "focus", CancellationToken.None);
        await loop;
        var focus = JsonSerializer.Deserialize<FocusReply>(reply, ControlProtocol.Json)!;

        Assert.True(focus.Accepted);
        Assert.Equal("in_focus", focus.Outcome!.Result);
        Assert.Equal(3, focus.Outcome.Frames);
    }

    [Fact]
    public async Task Unknown_command_gets_an_error_naming_the_commands_and_the_server_keeps_serving()
    {
        string reply = await ControlClient.SendAsync(_socket, "move 5000", CancellationToken.None);
        string status = await ControlClient.SendAsync(_socket, "status", CancellationToken.None);

        Assert.Contains("unknown command 'move 5000'", reply, StringComparison.Ordinal);
        Assert.Contains("status, focus", reply, StringComparison.Ordinal);
        Assert.Contains("\"phase\"", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_command_prints_the_phase_and_exit_0()
    {
        _state.Update(s => s with { Phase = DaemonPhase.InFocus, Strategy = "ldse-net int8" });

        var (exit, output) = await CommandLineTests.Invoke("status", "--socket", _socket);

        Assert.Equal(0, exit);
        Assert.Contains("InFocus", output, StringComparison.Ordinal);
        Assert.Contains("ldse-net int8", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_says_when_tracking_reads_the_specimen_s_reference_and_the_json_carries_it()
    {
        _state.Update(s => s with { Phase = DaemonPhase.Tracking, PositionUm = 2, LastEstimateUm = 0.6, TrackingReferenceUm = -0.12 });

        var (exit, output) = await CommandLineTests.Invoke("status", "--socket", _socket);
        using var json = JsonDocument.Parse(await ControlClient.SendAsync(_socket, "status", CancellationToken.None));

        Assert.Equal(0, exit);
        Assert.Contains("last estimate: +0.60 um   from the reference: -0.12 um", output, StringComparison.Ordinal);
        Assert.Equal(-0.12, json.RootElement.GetProperty("tracking_reference_um").GetDouble());
    }

    [Fact]
    public async Task Status_without_a_daemon_says_so_and_exits_69()
    {
        var (exit, output) = await CommandLineTests.Invoke("status", "--socket", _socket + ".absent");

        Assert.Equal(DaemonClientCommands.NoDaemonExitCode, exit);
        Assert.Contains("no daemon running", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Focus_requests_while_one_is_pending_join_it()
    {
        var first = _requests.RequestAsync("button", CancellationToken.None);
        var second = _requests.RequestAsync("socket", CancellationToken.None);
        var request = Assert.IsType<FocusRequest>(await _requests.Reader.ReadAsync());
        request.Completion.SetResult(new LastFocus("in_focus", null, 2, 1, 100, 0, DateTimeOffset.UnixEpoch));

        Assert.Same(await first, await second);
        Assert.False(_requests.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_reference_request_queues_behind_a_pending_focus_run_and_is_never_merged_into_it()
    {
        var focus = _requests.RequestAsync("button", CancellationToken.None);
        var loop = Task.Run(async () =>
        {
            var first = Assert.IsType<FocusRequest>(await _requests.Reader.ReadAsync());
            first.Completion.SetResult(new LastFocus("in_focus", null, 2, 1, 100, 0, DateTimeOffset.UnixEpoch));
            var second = Assert.IsType<ReferenceRequest>(await _requests.Reader.ReadAsync());
            second.Completion.SetResult(new ReferenceReply(true, 0, null));
        });

        string reply = await ControlClient.SendAsync(_socket, "reference", CancellationToken.None);
        await loop;
        var reference = JsonSerializer.Deserialize<ReferenceReply>(reply, ControlProtocol.Json)!;

        Assert.Equal("in_focus", (await focus).Result);
        Assert.True(reference.Accepted);
        Assert.Equal(0, reference.PositionUm);
    }
}
