using System.Globalization;
using FocusController.Camera;
using FocusController.Control;
using FocusController.Host.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FocusController.Host.Daemon;

/// <summary>
/// The one control loop that owns the motor: focuses at start and on request (socket, button), then tracks;
/// takes a new reference between runs when the technician asks.
/// Every outcome is logged as one line with its figures and published to the status store; faults leave the
/// daemon running and the motor still.
/// </summary>
public sealed partial class FocusLoop(
    IRigSource rigSource,
    LiveOptions<DaemonOptions> daemonOptions,
    LiveOptions<FocusOptions> focusOptions,
    FocusRequests requests,
    DaemonStateStore state,
    LoopHeartbeat heartbeat,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>How often the idle loop wakes to prove it is alive.</summary>
    public static readonly TimeSpan IdleBeat = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggers.CreateLogger<FocusLoop>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeat.Beat();
        RigParts parts;
        try
        {
            parts = await rigSource.OpenAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // the daemon stays up to report the fault through status, LED and logs; the motor was never energised
            LogOpenFailed(_logger, ex.Message);
            state.Update(s => s with { Phase = DaemonPhase.Fault, Reason = ex.Message });
            await IdleUntilStoppedAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        await using (parts.Owner.ConfigureAwait(false))
        {
            string strategyName = parts.Rig.Estimator is null ? "classic" : "ldse-net";
            state.Update(s => s with
            {
                Phase = DaemonPhase.Idle,
                Reason = parts.ModelProblem is null ? null : $"model_missing: {parts.ModelProblem}; using classic search",
                Objective = parts.Profile.Name,
                Strategy = strategyName,
                Simulated = parts.Simulated,
                PositionUm = parts.Rig.Drive.PositionUm,
                Camera = parts.Rig.Camera.State.ToString(),
            });
            if (parts.ModelProblem is not null)
            {
                LogClassicFallback(_logger, parts.ModelProblem);
            }

            await RunAsync(parts, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(RigParts parts, CancellationToken stoppingToken)
    {
        bool focusNext = daemonOptions.Current.FocusOnStart;
        FocusRequest? request = null;
        FocusOutcome? last = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                heartbeat.Beat();
                if (focusNext)
                {
                    last = await FocusOnceAsync(parts, stoppingToken).ConfigureAwait(false);
                    request?.Completion.TrySetResult(ToLastFocus(last));
                    request = null;
                    focusNext = false;
                }

                // tracking reads the model; a technician who forced the classic search does not trust it
                bool modelTrusted = parts.Rig.Estimator is not null
                    && !daemonOptions.Current.Strategy.Equals(ClassicStrategy.StrategyName, StringComparison.OrdinalIgnoreCase);
                if (daemonOptions.Current.Track && last is { IsInFocus: true } && modelTrusted)
                {
                    last = await TrackUntilRequestAsync(parts, stoppingToken).ConfigureAwait(false);
                }

                var next = await WaitForRequestAsync(stoppingToken).ConfigureAwait(false);
                if (next is ReferenceRequest reference)
                {
                    await ReferenceAsync(parts, reference, stoppingToken).ConfigureAwait(false);
                    // the image did not change, but "in focus" at the old reference is no promise at the new one
                    last = null;
                    continue;
                }

                request = (FocusRequest)next;
                focusNext = true;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            request?.Cancel(stoppingToken);
        }
    }

    private async Task ReferenceAsync(RigParts parts, ReferenceRequest request, CancellationToken stoppingToken)
    {
        try
        {
            await parts.Rig.Drive.SetReferenceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            request.Completion.TrySetResult(new ReferenceReply(false, null, ex.Message));
            return;
        }

        LogReferenced(_logger, request.Source);
        state.Update(s => s.Reason == FocusReasons.PositionUnknown
            ? s with { Phase = DaemonPhase.Idle, Reason = null, PositionUm = parts.Rig.Drive.PositionUm }
            : s with { PositionUm = parts.Rig.Drive.PositionUm });
        request.Completion.TrySetResult(new ReferenceReply(true, parts.Rig.Drive.PositionUm, null));
    }

    private async Task<LoopRequest> WaitForRequestAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            heartbeat.Beat();
            using var beat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            beat.CancelAfter(IdleBeat);
            try
            {
                return await requests.Reader.ReadAsync(beat.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task<FocusOutcome> FocusOnceAsync(RigParts parts, CancellationToken stoppingToken)
    {
        state.Update(s => s with { Phase = DaemonPhase.Focusing });
        IFocusStrategy strategy = CreateStrategy(parts);
        FocusOutcome outcome;
        try
        {
            outcome = await strategy.FocusAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // a strategy bug or a device error must not take the daemon down; the axis is left where it stopped
            LogFocusCrashed(_logger, ex);
            outcome = new FocusOutcome(FocusResult.Fault, ex.GetType().Name, 0, 0, TimeSpan.Zero, null, parts.Rig.Drive.PositionUm, strategy.Name, []);
        }

        heartbeat.Beat();
        LogOutcome(_logger, outcome.Strategy, outcome.Result, outcome.Reason, outcome.Frames, outcome.Moves, outcome.Elapsed.TotalMilliseconds,
            // a run the classic search finished has no model estimate: say so rather than print NaN
            outcome.FinalEstimateUm is { } estimate ? estimate.ToString("+0.00;-0.00", CultureInfo.InvariantCulture) + " um" : "none",
            outcome.FinalPositionUm);
        foreach (var step in outcome.Trace)
        {
            LogStep(_logger, step.Frame, step.Phase, step.PositionUm, step.EstimateUm ?? double.NaN, step.Score ?? double.NaN, step.Note ?? string.Empty);
        }

        state.Update(s => s with
        {
            Phase = outcome.Result switch
            {
                FocusResult.InFocus => DaemonPhase.InFocus,
                FocusResult.NoFocusHere => DaemonPhase.NoFocusHere,
                FocusResult.Cancelled => DaemonPhase.Idle,
                _ => DaemonPhase.Fault,
            },
            Reason = outcome.IsInFocus ? s.Reason : outcome.Reason,
            LastFocus = ToLastFocus(outcome),
            LastEstimateUm = outcome.FinalEstimateUm,
            TrackingReferenceUm = null,
            PositionUm = outcome.FinalPositionUm,
            FocusRuns = s.FocusRuns + 1,
            Camera = parts.Rig.Camera.State.ToString(),
        });
        return outcome;
    }

    private async Task<FocusOutcome?> TrackUntilRequestAsync(RigParts parts, CancellationToken stoppingToken)
    {
        state.Update(s => s with { Phase = DaemonPhase.Tracking });
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var requestWatch = WatchForRequestAsync(interrupt);
        var tracker = new FocusTracker(
            parts.Rig, focusOptions.Current, parts.Profile, CreateStrategy(parts), logger: loggers.CreateLogger<FocusTracker>());
        var progress = new SynchronousProgress<TrackingSample>(sample =>
        {
            heartbeat.Beat();
            state.Update(s => s with
            {
                PositionUm = sample.PositionUm,
                LastEstimateUm = sample.EstimateUm,
                TrackingReferenceUm = sample.ReferenceUm,
                TrackingCorrections = s.TrackingCorrections + (TrackingActions.IsCorrection(sample.Action) ? 1 : 0),
                Camera = parts.Rig.Camera.State.ToString(),
            });
        });
        try
        {
            var summary = await tracker.RunAsync(progress, interrupt.Token).ConfigureAwait(false);
            LogTrackingEnded(_logger, summary.StopReason);
            state.Update(s => s with { Phase = summary.StopReason == FocusReasons.CameraLost ? DaemonPhase.Fault : DaemonPhase.Idle, Reason = summary.StopReason });
            return null;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // a focus request interrupted tracking: the caller picks it up next
            return null;
        }
        finally
        {
            await interrupt.CancelAsync().ConfigureAwait(false);
            await requestWatch.ConfigureAwait(false);
        }
    }

    private async Task WatchForRequestAsync(CancellationTokenSource interrupt)
    {
        try
        {
            if (await requests.Reader.WaitToReadAsync(interrupt.Token).ConfigureAwait(false))
            {
                await interrupt.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IFocusStrategy CreateStrategy(RigParts parts) =>
        // without a model only the classic search can run, whatever the config asks for
        FocusStrategies.Create(
            parts.Rig.Estimator is null ? FocusStrategies.Auto : daemonOptions.Current.Strategy,
            parts.Rig,
            focusOptions.Current,
            parts.Profile,
            loggerFactory: loggers);

    private LastFocus ToLastFocus(FocusOutcome o) =>
        new(o.Result switch
        {
            FocusResult.InFocus => "in_focus",
            FocusResult.NoFocusHere => "no_focus_here",
            FocusResult.Cancelled => "cancelled",
            _ => "fault",
        }, o.IsInFocus ? null : o.Reason, o.Frames, o.Moves, o.Elapsed.TotalMilliseconds, o.FinalEstimateUm, time.GetUtcNow());

    private async Task IdleUntilStoppedAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                // still beating: the loop is alive and reporting a fault; a restart would not fix the hardware
                heartbeat.Beat();
                switch (await WaitForRequestAsync(stoppingToken).ConfigureAwait(false))
                {
                    case FocusRequest focus:
                        focus.Completion.TrySetResult(new LastFocus("fault", state.Current.Reason, 0, 0, 0, null, time.GetUtcNow()));
                        break;
                    case ReferenceRequest reference:
                        reference.Completion.TrySetResult(new ReferenceReply(false, null, $"no axis to reference: {state.Current.Reason}"));
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reports on the caller's thread; Progress&lt;T&gt; would post to the thread pool and reorder samples.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Focus {Strategy}: {Result} ({Reason}) in {Frames} frames, {Moves} moves, {ElapsedMs:F0} ms; final estimate {FinalEstimate} at position {PositionUm:+0.00;-0.00} um")]
    private static partial void LogOutcome(ILogger logger, string strategy, FocusResult result, string reason, int frames, int moves, double elapsedMs, string finalEstimate, double positionUm);

    [LoggerMessage(Level = LogLevel.Debug, Message = "  frame {Frame} {Phase}: position {PositionUm:+0.00;-0.00} um, estimate {EstimateUm:+0.00;-0.00} um, score {Score:G4} {Note}")]
    private static partial void LogStep(ILogger logger, int frame, string phase, double positionUm, double estimateUm, double score, string note);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot open the microscope: {Problem}. The motor is not energised; fix the config or hardware and restart")]
    private static partial void LogOpenFailed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No defocus model ({Problem}): focusing with the classic search instead")]
    private static partial void LogClassicFallback(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Focus run failed; the axis stays where it stopped")]
    private static partial void LogFocusCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Axis referenced here on request from the {Source}: this position is now 0 um and the travel limits count from it")]
    private static partial void LogReferenced(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tracking ended: {Reason}")]
    private static partial void LogTrackingEnded(ILogger logger, string reason);
}
