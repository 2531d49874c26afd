using System.Threading.Channels;

namespace FocusController.Host.Daemon;

/// <summary>
/// "Focus now" requests from the socket, the push button and start-up, queued for the one control loop that owns
/// the motor. Requests made while one is pending join it: pressing the button five times focuses once.
/// </summary>
public sealed class FocusRequests
{
    private readonly Channel<FocusRequest> _channel = Channel.CreateBounded<FocusRequest>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

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

    public ChannelReader<FocusRequest> Reader => _channel.Reader;
}

public sealed class FocusRequest(string source)
{
    public string Source { get; } = source;

    public TaskCompletionSource<LastFocus> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
