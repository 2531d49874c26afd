namespace FocusController.Camera;

/// <summary>
/// Hands out only frames whose exposure began at or after the moment a caller names, so no frame exposed while the
/// knob turned (or before the camera was lost) is ever estimated. Holds at most the newest frame: a frame waiting
/// when a newer one arrives is dropped, so a caller never reads down a queue of old frames. Each frame is handed out
/// once. While the camera is lost, waiting callers and new calls get <see cref="CameraLostException"/>, and after
/// it is back only frames exposed after the loss and the reopen get through.
/// </summary>
public sealed class FreshFrameGate : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Waiter> _waiters = [];
    private PendingFrame? _latest;
    private DateTimeOffset _floor = DateTimeOffset.MinValue;
    private CameraLostException? _lost;
    private bool _disposed;

    /// <summary>Frames dropped so far (stale, superseded or offered while lost); for logs and tests.</summary>
    public long Dropped { get; private set; }

    /// <summary>Offers a frame from the capture thread. The gate takes ownership: it hands it out or disposes it.</summary>
    public void Offer(PendingFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_lock)
        {
            if (_disposed || _lost is not null || frame.ExposureStart < _floor)
            {
                Drop(frame);
                return;
            }

            foreach (var waiter in _waiters.Where(w => frame.ExposureStart >= w.NotBefore).ToList())
            {
                _waiters.Remove(waiter);
                if (waiter.Completion.TrySetResult(frame))
                {
                    return;
                }
            }

            if (_latest is not null)
            {
                Drop(_latest);
            }

            _latest = frame;
        }
    }

    /// <summary>The next frame whose exposure began at or after <paramref name="notBefore"/>; the caller disposes it.</summary>
    public Task<PendingFrame> WaitAsync(DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_lost is not null)
            {
                return Task.FromException<PendingFrame>(_lost);
            }

            if (_latest is not null)
            {
                var latest = _latest;
                _latest = null;
                if (latest.ExposureStart >= notBefore)
                {
                    return Task.FromResult(latest);
                }

                Drop(latest);
            }

            waiter = new Waiter(notBefore, new TaskCompletionSource<PendingFrame>(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiters.Add(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_lock)
                {
                    _waiters.Remove(waiter);
                }

                waiter.Completion.TrySetCanceled(cancellationToken);
            });
            _ = waiter.Completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Completion.Task;
    }

    /// <summary>
    /// The camera is gone: the held frame is dropped, waiters fail with <paramref name="lost"/>, and from now on no
    /// frame exposed before <paramref name="lostAt"/> is accepted.
    /// </summary>
    public void MarkLost(CameraLostException lost, DateTimeOffset lostAt)
    {
        ArgumentNullException.ThrowIfNull(lost);
        List<Waiter> failed;
        lock (_lock)
        {
            _lost = lost;
            RaiseFloor(lostAt);
            if (_latest is not null)
            {
                Drop(_latest);
                _latest = null;
            }

            failed = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in failed)
        {
            waiter.Completion.TrySetException(lost);
        }
    }

    /// <summary>The camera streams again since <paramref name="since"/>; only frames exposed after it pass.</summary>
    public void MarkStreaming(DateTimeOffset since)
    {
        lock (_lock)
        {
            _lost = null;
            RaiseFloor(since);
        }
    }

    public void Dispose()
    {
        List<Waiter> abandoned;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _latest?.Dispose();
            _latest = null;
            abandoned = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in abandoned)
        {
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(FreshFrameGate), "the camera was shut down"));
        }
    }

    private void RaiseFloor(DateTimeOffset at)
    {
        if (at > _floor)
        {
            _floor = at;
        }
    }

    private void Drop(PendingFrame frame)
    {
        Dropped++;
        frame.Dispose();
    }

    private sealed record Waiter(DateTimeOffset NotBefore, TaskCompletionSource<PendingFrame> Completion);
}
