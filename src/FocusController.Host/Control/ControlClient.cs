using System.Net.Sockets;
using System.Text;

namespace FocusController.Host.Control;

/// <summary>Speaks the control protocol to a running daemon: one command, one JSON line back.</summary>
public static class ControlClient
{
    public static async Task<string> SendAsync(string socketPath, string command, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) ?? string.Empty;
    }

    /// <summary>The first socket path that exists, or null when no daemon is running.</summary>
    public static string? FindSocket(string? explicitPath) =>
        (explicitPath is null ? ControlSocketPath.ForClient() : [explicitPath]).FirstOrDefault(File.Exists);
}
