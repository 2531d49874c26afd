namespace FocusController.Control.Timing;

/// <summary>
/// Simulated time for the closed-loop simulation and the benchmark: time stands still until a simulated part
/// calls <see cref="Advance"/> (an exposure, a move) or until the work run by <see cref="Run{T}"/> has nothing
/// left to do but wait for a timer, when the clock jumps to that timer. Hours of tracking thus run in
/// milliseconds, and a trial's Elapsed is what the real device would have taken.
/// </summary>
/// <remarks>
/// Ports used under <see cref="Run{T}"/> must do their waiting through this clock's timers (Task.Delay with this
/// TimeProvider) and otherwise finish synchronously; work that runs on other threads (Task.Run, Task.Yield) while
/// a timer is pending lets simulated time jump ahead of it.
/// </remarks>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<VirtualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _created;
    private SemaphoreSlim? _wake;

    public VirtualClock(DateTimeOffset start)
    {
        _now = start;
    }

    /// <summary>How long the run loop waits for work from another thread before it calls the work stuck.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        Wake();
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="by"/>, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset until;
        lock (_gate)
        {
            until = _now + by;
        }

        while (FireNext(until))
        {
        }

        lock (_gate)
        {
            if (_now < until)
            {
                _now = until;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the calling thread in simulated time and returns its result: whenever the work
    /// waits, the clock jumps to the next timer and fires it on this thread, so continuations run inline here.
    /// </summary>
    public T Run<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var wake = new SemaphoreSlim(0);
        lock (_gate)
        {
            if (_wake is not null)
            {
                throw new InvalidOperationException("this clock is already running work; runs cannot nest");
            }

            _wake = wake;
        }

        // No synchronization context while simulating: ConfigureAwait(false) continuations are only inlined on a
        // thread without one, and inlining is what keeps every step of the work in simulated-time order.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var task = work();
            _ = task.ContinueWith(_ => Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (!task.IsCompleted)
            {
                if (FireNext(DateTimeOffset.MaxValue))
                {
                    continue;
                }

                // nothing due: the work is busy on another thread (or stuck); it wakes us by creating a timer or finishing
                if (!wake.Wait(IdleTimeout) && !task.IsCompleted && !HasPendingTimer())
                {
                    throw new InvalidOperationException(
                        $"simulated work is stuck: no timer is pending and the work did not finish within {IdleTimeout.TotalSeconds:0.###} s of real time");
                }
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            lock (_gate)
            {
                _wake = null;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> as <see cref="Run{T}"/> does.</summary>
    public void Run(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Run(async () =>
        {
            await work().ConfigureAwait(false);
            return true;
        });
    }

    private void Wake()
    {
        SemaphoreSlim? wake;
        lock (_gate)
        {
            wake = _wake;
        }

        // one pending release is enough to get the loop round once more
        if (wake is { CurrentCount: 0 })
        {
            wake.Release();
        }
    }

    private bool HasPendingTimer()
    {
        lock (_gate)
        {
            return _timers.Exists(t => t.DueAt is not null);
        }
    }

    private bool FireNext(DateTimeOffset until)
    {
        VirtualTimer? next = null;
        lock (_gate)
        {
            foreach (var timer in _timers)
            {
                if (timer.DueAt is { } due && due <= until
                    && (next is null || due < next.DueAt || (due == next.DueAt && timer.Order < next.Order)))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                return false;
            }

            var at = next.DueAt!.Value;
            if (at > _now)
            {
                _now = at;
            }

            next.Rearm(_now);
        }

        next.Fire();
        return true;
    }

    private void Register(VirtualTimer timer)
    {
        lock (_gate)
        {
            timer.Order = ++_created;
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }
        }
    }

    private void Unregister(VirtualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public DateTimeOffset? DueAt { get; private set; }

        public long Order { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                DueAt = null;
                clock.Unregister(this);
                return true;
            }

            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
            DueAt = clock.GetUtcNow() + dueTime;
            clock.Register(this);
            return true;
        }

        /// <summary>Called under the clock's lock as the timer fires: the next due time, or none.</summary>
        public void Rearm(DateTimeOffset now)
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt = now + _period;
            }
            else
            {
                DueAt = null;
                clock._timers.Remove(this);
            }
        }

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            DueAt = null;
            clock.Unregister(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
