using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FocusController.Host.Configuration;
using FocusController.Host.Daemon;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Control;

/// <summary>
/// Serves `focusctl status` and `focusctl focus` on a Unix domain socket, mode 0660, owned by the service user:
/// only that user and its group can reach the motor. There is no TCP listener.
/// </summary>
public sealed partial class ControlSocketServer(
    IOptions<DaemonOptions> options,
    DaemonStateStore state,
    FocusRequests focusRequests,
    ILogger<ControlSocketServer> logger) : BackgroundService
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FocusTimeout = TimeSpan.FromMinutes(2);

    public string? BoundPath { get; private set; }

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the socket accepts connections (tests and start-up ordering wait on it).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string path = string.IsNullOrEmpty(options.Value.ControlSocket) ? ControlSocketPath.ForDaemon() : options.Value.ControlSocket;
        using var listener = Bind(path);
        BoundPath = path;
        _listening.TrySetResult();
        LogListening(logger, path);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                _ = ServeAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            TryDelete(path);
        }
    }

    private static Socket Bind(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // a socket file left by a crashed daemon would make bind fail; nobody else may own this path
        TryDelete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            socket.Listen(8);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using (client)
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(ClientTimeout);
                string command = await ReadCommandAsync(stream, timeout.Token).ConfigureAwait(false);
                object reply = command switch
                {
                    ControlProtocol.Status => state.Current,
                    ControlProtocol.Focus => await FocusAsync(stoppingToken).ConfigureAwait(false),
                    ControlProtocol.Reference => await ReferenceAsync(stoppingToken).ConfigureAwait(false),
                    _ => new ErrorReply($"unknown command '{command}'; commands: {ControlProtocol.Status}, {ControlProtocol.Focus}, {ControlProtocol.Reference}"),
                };
                byte[] json = JsonSerializer.SerializeToUtf8Bytes(reply, reply.GetType(), ControlProtocol.Json);
                await stream.WriteAsync(json, stoppingToken).ConfigureAwait(false);
                await stream.WriteAsync("\n"u8.ToArray(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or InvalidDataException)
            {
                // a client that hangs up or talks nonsense must never disturb the daemon
                LogClientError(logger, ex.Message);
            }
        }
    }

    private async Task<FocusReply> FocusAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(FocusTimeout);
        try
        {
            var outcome = await focusRequests.RequestAsync("socket", timeout.Token).ConfigureAwait(false);
            return new FocusReply(true, outcome, null);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new FocusReply(true, null, "focus run still going after 2 minutes; see `focusctl status`");
        }
    }

    private async Task<ReferenceReply> ReferenceAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // the loop takes the reference between focus runs; a run in progress finishes first
        timeout.CancelAfter(FocusTimeout);
        try
        {
            return await focusRequests.ReferenceAsync("socket", timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new ReferenceReply(false, null, "the control loop did not take the reference within 2 minutes; see `focusctl status`");
        }
    }

    private static async Task<string> ReadCommandAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[ControlProtocol.MaxRequestBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Array.IndexOf(buffer, (byte)'\n', 0, length) >= 0)
            {
                break;
            }
        }

        if (length == buffer.Length)
        {
            throw new InvalidDataException("request longer than 256 bytes");
        }

        return Encoding.UTF8.GetString(buffer, 0, length).Trim().ToLowerInvariant();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control socket listening at {Path} (mode 0660)")]
    private static partial void LogListening(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Control client dropped: {Problem}")]
    private static partial void LogClientError(ILogger logger, string problem);
}
