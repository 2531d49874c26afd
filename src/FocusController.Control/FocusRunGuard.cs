using FocusController.Camera;
using Microsoft.Extensions.Logging;

namespace FocusController.Control;

/// <summary>Turns how a run's body ended (normally, stopped, cancelled, camera gone) into one <see cref="FocusOutcome"/>.</summary>
internal static class FocusRunGuard
{
    public static async Task<FocusOutcome> RunAsync(
        FocusSession session, Func<Task<FocusOutcome>> body, ILogger logger, CancellationToken cancellationToken)
    {
        FocusOutcome outcome;
        try
        {
            outcome = await body().ConfigureAwait(false);
        }
        catch (FocusStoppedException stop) when (stop.Result == FocusResult.NoFocusHere)
        {
            outcome = await GiveUpAsync(session, stop.Reason, cancellationToken).ConfigureAwait(false);
        }
        catch (FocusStoppedException stop)
        {
            outcome = session.Finish(stop.Result, stop.Reason, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = session.Finish(FocusResult.Cancelled, FocusReasons.Cancelled, null);
        }
        catch (CameraLostException)
        {
            // without frames there is no feedback: leave the axis where it is
            outcome = session.Finish(FocusResult.Fault, FocusReasons.CameraLost, null);
        }

        FocusLog.Finished(
            logger,
            outcome.Strategy,
            outcome.Result,
            outcome.Reason,
            outcome.Frames,
            outcome.Moves,
            outcome.Elapsed.TotalMilliseconds,
            outcome.FinalPositionUm);
        return outcome;
    }

    private static async Task<FocusOutcome> GiveUpAsync(FocusSession session, string reason, CancellationToken cancellationToken)
    {
        try
        {
            return await session.GiveUpAsync(reason, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return session.Finish(FocusResult.Cancelled, FocusReasons.Cancelled, null);
        }
        catch (FocusStoppedException stop)
        {
            return session.Finish(stop.Result, stop.Reason, null);
        }
    }
}
