using System.Collections.Concurrent;

namespace FocusController.Control.Timing;

/// <summary>The single-threaded context <see cref="VirtualClock.Run{T}"/> pumps: continuations queue here.</summary>
internal sealed class RunLoop : SynchronizationContext, IDisposable
{
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);

    public override void Post(SendOrPostCallback d, object? state)
    {
        _queue.Enqueue((d, state));
        Wake();
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("the simulated-time loop runs work by posting only");

    public override SynchronizationContext CreateCopy() => this;

    public void RunPending()
    {
        while (_queue.TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }

    public void Wake()
    {
        // one pending release is enough to get the loop round once more
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public bool WaitForWork(TimeSpan timeout) => !_queue.IsEmpty || _wake.Wait(timeout);

    public void Dispose() => _wake.Dispose();
}
