using FocusController.Control.Timing;

namespace FocusController.Host.Commands;

/// <summary>
/// Runs a tool command's work on the virtual microscope in simulated time (a <see cref="VirtualClock"/>): the frames
/// and settle times a real run would wait for pass at once, so `calibrate --simulate` and `collect --simulate` take
/// as long as the rendering does. On hardware the work runs on the system clock as it is.
/// </summary>
internal static class SimulatedTime
{
    public static TimeProvider For(bool simulate) => simulate ? new VirtualClock(DateTimeOffset.UtcNow) : TimeProvider.System;

    public static Task<T> RunAsync<T>(TimeProvider time, Func<Task<T>> work, CancellationToken cancellationToken) =>
        time is VirtualClock clock
            ? Task.Factory.StartNew(() => clock.Run(work), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : work();
}
