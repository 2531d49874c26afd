using System.Threading.Channels;

namespace FocusController.Host.Daemon;

/// <summary>
/// Requests for the one control loop that owns the motor, in arrival order: "focus now" from the socket, the push
/// button and start-up, and "reference here" from the technician. Focus requests made while one is pending join
/// it: pressing the button five times focuses once.
/// </summary>
public sealed class FocusRequests
{
    private readonly Channel<LoopRequest> _channel = Channel.CreateUnbounded<LoopRequest>(new UnboundedChannelOptions { SingleReader = true });

    private FocusRequest? _pending;
    private readonly Lock _gate = new();

    /// <summary>Asks for a focus run; the task completes with its outcome.</summary>
    public Task<LastFocus> RequestAsync(string source, CancellationToken cancellationToken)
    {
        FocusRequest request;
        lock (_gate)
        {
            if (_pending is null || _pending.Completion.Task.IsCompleted)
            {
                _pending = new FocusRequest(source);
                _channel.Writer.TryWrite(_pending);
            }

            request = _pending;
        }

        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Asks the loop to take the axis's present place as its reference, between focus runs.</summary>
    public Task<ReferenceReply> ReferenceAsync(string source, CancellationToken cancellationToken)
    {
        var request = new ReferenceRequest(source);
        _channel.Writer.TryWrite(request);
        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    public ChannelReader<LoopRequest> Reader => _channel.Reader;
}

public abstract class LoopRequest(string source)
{
    public string Source { get; } = source;

    /// <summary>Ends the request unserved: the daemon is stopping.</summary>
    public abstract void Cancel(CancellationToken stoppingToken);
}

public sealed class FocusRequest(string source) : LoopRequest(source)
{
    public TaskCompletionSource<LastFocus> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Cancel(CancellationToken stoppingToken) => Completion.TrySetCanceled(stoppingToken);
}

public sealed class ReferenceRequest(string source) : LoopRequest(source)
{
    public TaskCompletionSource<ReferenceReply> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Cancel(CancellationToken stoppingToken) => Completion.TrySetCanceled(stoppingToken);
}

/// <summary>The daemon's reply to `reference`: the new position (0 µm) or why it was refused.</summary>
public sealed record ReferenceReply(bool Accepted, double? PositionUm, string? Error);
