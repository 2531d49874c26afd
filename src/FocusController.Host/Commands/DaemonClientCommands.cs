using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using FocusController.Host.Control;
using FocusController.Host.Daemon;

namespace FocusController.Host.Commands;

/// <summary>`focusctl status`, `focusctl focus` and `focusctl reference`: talk to the running daemon over its Unix socket.</summary>
public static class DaemonClientCommands
{
    /// <summary>Exit code when no daemon answers (EX_UNAVAILABLE).</summary>
    public const int NoDaemonExitCode = 69;

    public static Command Status()
    {
        var json = new Option<bool>("--json") { Description = "Print the daemon's status as one JSON object" };
        var socket = SocketOption();
        var command = new Command("status", "Show what the running daemon is doing (phase, position, last focus outcome)") { json, socket };
        command.SetAction((parse, ct) => ToolAction.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var (exit, reply) = await SendAsync(parse.GetValue(socket), ControlProtocol.Status, parse.InvocationConfiguration.Error, ct).ConfigureAwait(false);
            if (reply is null)
            {
                return exit;
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(reply).ConfigureAwait(false);
                return 0;
            }

            var status = JsonSerializer.Deserialize<DaemonStatus>(reply, ControlProtocol.Json)
                ?? throw new UsageException("the daemon sent an empty status");
            await output.WriteLineAsync(Describe(status)).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    public static Command Focus()
    {
        var socket = SocketOption();
        var command = new Command("focus", "Ask the running daemon to focus now and print the outcome") { socket };
        command.SetAction((parse, ct) => ToolAction.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var (exit, reply) = await SendAsync(parse.GetValue(socket), ControlProtocol.Focus, parse.InvocationConfiguration.Error, ct).ConfigureAwait(false);
            if (reply is null)
            {
                return exit;
            }

            var focus = JsonSerializer.Deserialize<FocusReply>(reply, ControlProtocol.Json);
            var output = parse.InvocationConfiguration.Output;
            if (focus?.Outcome is { } o)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{o.Result}{(o.Reason is null ? "" : $" ({o.Reason})")}: {o.Frames} frames, {o.Moves} moves, {o.ElapsedMs:F0} ms, final estimate {Format(o.FinalEstimateUm)}")).ConfigureAwait(false);
                return o.Result == "in_focus" ? 0 : 1;
            }

            await output.WriteLineAsync(focus?.Error ?? reply).ConfigureAwait(false);
            return 1;
        }));
        return command;
    }

    public static Command Reference()
    {
        var socket = SocketOption();
        var command = new Command(
            "reference",
            "Tell the running daemon that the axis's present place is its reference (0 um); the travel limits count from it. "
            + "Needed after a power cut or crash during a move left the position unknown: first turn the knob by hand until "
            + "the specimen is about in focus and the objective clear of the slide, then run this. Nothing moves.") { socket };
        command.SetAction((parse, ct) => ToolAction.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var (exit, reply) = await SendAsync(parse.GetValue(socket), ControlProtocol.Reference, parse.InvocationConfiguration.Error, ct).ConfigureAwait(false);
            if (reply is null)
            {
                return exit;
            }

            var answer = JsonSerializer.Deserialize<ReferenceReply>(reply, ControlProtocol.Json);
            var output = parse.InvocationConfiguration.Output;
            if (answer is { Accepted: true, PositionUm: { } position })
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"referenced: the axis is at {position:0.##} um; travel limits count from here")).ConfigureAwait(false);
                return 0;
            }

            await parse.InvocationConfiguration.Error.WriteLineAsync($"focusctl: reference refused: {answer?.Error ?? reply}").ConfigureAwait(false);
            return 1;
        }));
        return command;
    }

    private static Option<string?> SocketOption() =>
        new("--socket") { Description = "Daemon control socket (default: /run/focuscontroller/control.sock, then the user's runtime directory)" };

    private static async Task<(int Exit, string? Reply)> SendAsync(string? socketPath, string command, TextWriter error, CancellationToken ct)
    {
        string? path = ControlClient.FindSocket(socketPath);
        if (path is null)
        {
            await error.WriteLineAsync($"focusctl: no daemon running (no control socket at {string.Join(" or ", socketPath is null ? ControlSocketPath.ForClient() : [socketPath])}); start it with `focusctl run` or `systemctl start focuscontroller`").ConfigureAwait(false);
            return (NoDaemonExitCode, null);
        }

        try
        {
            return (0, await ControlClient.SendAsync(path, command, ct).ConfigureAwait(false));
        }
        catch (SocketException ex)
        {
            await error.WriteLineAsync($"focusctl: {path}: {ex.Message} (is the daemon running, and are you in its group?)").ConfigureAwait(false);
            return (NoDaemonExitCode, null);
        }
    }

    private static string Describe(DaemonStatus s)
    {
        var lines = new List<string>
        {
            $"phase:     {s.Phase}{(s.Reason is null ? "" : $" ({s.Reason})")}",
            $"objective: {s.Objective}   strategy: {s.Strategy}{(s.Simulated ? "   (simulated microscope)" : "")}",
            $"camera:    {s.Camera}",
            $"position:  {Format(s.PositionUm)}   last estimate: {Format(s.LastEstimateUm)}{(s.TrackingReferenceUm is { } r ? $"   from the reference: {Format(r)}" : "")}",
            string.Create(CultureInfo.InvariantCulture, $"runs:      {s.FocusRuns} focus runs, {s.TrackingCorrections} tracking corrections, up since {s.StartedAt:u}"),
        };
        if (s.LastFocus is { } f)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"last:      {f.Result}{(f.Reason is null ? "" : $" ({f.Reason})")} in {f.Frames} frames, {f.Moves} moves, {f.ElapsedMs:F0} ms at {f.At:u}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Format(double? um) => um is double v && double.IsFinite(v) ? v.ToString("+0.00;-0.00", CultureInfo.InvariantCulture) + " um" : "unknown";
}
