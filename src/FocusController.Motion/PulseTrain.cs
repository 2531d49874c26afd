using System.Diagnostics;

namespace FocusController.Motion;

/// <summary>
/// Issues the steps of one ramp on a dedicated high-priority thread. Each step is due one planned interval after the
/// previous step actually happened, so a late step (the thread was preempted) pushes the rest back instead of being
/// made up by bunching: the planned minimum interval always holds.
/// </summary>
internal static class PulseTrain
{
    /// <summary>The fastest step rate this thread times reliably on a Pi-class board.</summary>
    public const double MaxStepRateHz = 20_000;

    // Thread.Sleep(1) sleeps 1 to 2 ms on Linux; below that only spinning keeps the interval.
    private static readonly long SleepThresholdTicks = Stopwatch.Frequency * 25 / 10_000;

    /// <param name="ramp">The speed plan; cancellation calls its <see cref="TrapezoidalRamp.Stop"/>.</param>
    /// <param name="step">Issues one step and returns the <see cref="Stopwatch"/> timestamp right after the edge that moves the motor.</param>
    /// <param name="mustHalt">Polled before every step: true stops at once (limit switch).</param>
    /// <param name="stepTaken">Called after every step, on the pulse thread.</param>
    public static Task<PulseTrainResult> RunAsync(
        TrapezoidalRamp ramp, Func<long> step, Func<bool> mustHalt, Action stepTaken, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<PulseTrainResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Run(ramp, step, mustHalt, stepTaken, cancellationToken));
            }
#pragma warning disable CA1031 // the exception is handed to the awaiting caller, not swallowed
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "focus-pulses",

            // Honoured on Windows; on Linux the default SCHED_OTHER policy ignores it (dotnet/runtime#91165), so
            // the systemd unit's Nice=/CPUSchedulingPolicy= is what actually favours the daemon there.
            Priority = ThreadPriority.Highest,
        };
        thread.Start();
        return done.Task;
    }

    private static PulseTrainResult Run(
        TrapezoidalRamp ramp, Func<long> step, Func<bool> mustHalt, Action stepTaken, CancellationToken cancellationToken)
    {
        var last = Stopwatch.GetTimestamp();
        while (!ramp.IsComplete)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                ramp.Stop();
                if (ramp.IsComplete)
                {
                    break;
                }
            }

            var due = last + (long)Math.Ceiling(ramp.NextIntervalSeconds() * Stopwatch.Frequency);
            WaitUntil(due);
            if (mustHalt())
            {
                return new PulseTrainResult(ramp.StepsDone, ramp.IsStopping, HaltedBySwitch: true);
            }

            last = step();
            ramp.StepTaken();
            stepTaken();
        }

        return new PulseTrainResult(ramp.StepsDone, ramp.IsStopping, HaltedBySwitch: false);
    }

    private static void WaitUntil(long due)
    {
        while (true)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > SleepThresholdTicks)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.SpinWait(8);
            }
        }
    }
}

/// <summary>How a pulse train ended: steps issued, whether cancellation cut it short, whether the limit switch stopped it.</summary>
internal readonly record struct PulseTrainResult(long Steps, bool Cancelled, bool HaltedBySwitch);
