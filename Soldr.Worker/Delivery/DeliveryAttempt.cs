using System.Diagnostics;
using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Core.Diagnostics;
using Soldr.Worker.Flow;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Delivery;

/// <summary>
/// One attempt from start to finish: send, decide the outcome, queue it for recording and, once it is
/// committed, tell whoever needs to know.
/// </summary>
internal sealed class DeliveryAttempt(
    DeliverySender sender,
    RetrySchedule schedule,
    DeliveryStore store,
    AttemptWriter attempts,
    DeliveryTelemetry telemetry,
    CircuitEvents circuits,
    WorkSignals signals,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<DeliveryAttempt> logger)
{
    /// <summary>Headroom between the end of a send's timeout and the end of its lease, for recording the attempt.</summary>
    private static readonly TimeSpan RecordMargin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Retries due sooner than this wake this worker's claim loop when they fall due; later ones are found
    /// by the poll, whose lateness (at most a poll interval) is small beside their delay.
    /// </summary>
    private static readonly TimeSpan ShortRetry = TimeSpan.FromMinutes(1);

    /// <summary>Returns once the destination has answered and the attempt is queued to be recorded.</summary>
    public async Task RunAsync(DeliveryWork work, CancellationToken abandon)
    {
        // Decided before anything is sent, on the body that would be sent: an edit may change what matches.
        if (work.Policy.Filter?.Rejects(work.EventType, work.Body) is { } reason)
        {
            await FilterOutAsync(work, reason);
            return;
        }

        // A send whose timeout outlasts the lease (a long timeout, or a wait in line behind its
        // destination's other sends) extends the lease first. If another worker has claimed it since,
        // the renewal fails and it is left to that worker.
        var now = timeProvider.GetUtcNow();
        var needed = now + work.Policy.Timeout + RecordMargin;
        if (needed > work.LeaseExpiresAt)
        {
            var until = needed > now + options.Value.LeaseDuration ? needed : now + options.Value.LeaseDuration;
            if (!await store.RenewAsync(work, until, abandon))
            {
                Log.LeaseLost(logger, work.DeliveryId);
                return;
            }
        }

        using var activity = DeliveryTelemetry.StartSend(work);

        // Only a shutdown abandons a send; once it has an answer, the attempt is recorded regardless, so
        // the lease is settled rather than left to expire.
        var result = await sender.SendAsync(work, abandon);
        now = timeProvider.GetUtcNow();
        var outcome = schedule.Decide(work, result, now);
        activity?.SetTag("http.response.status_code", result.StatusCode);
        activity?.SetTag("soldr.outcome", outcome.State);
        if (!result.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Error?.Kind);
        }

        telemetry.Attempted(work, result, outcome, now);
        // An edit's URL is not the destination: its answers say nothing of the destination's pace.
        if (!work.Redirected)
        {
            circuits.Answered(work, result);
        }

        // The send is over once its attempt is queued: the lease keeps the delivery ours until the
        // attempt is committed, and what depends on the commit follows it.
        var recording = await attempts.QueueAsync(new AttemptToRecord(work, result, outcome));
        _ = AfterRecordedAsync(work, result, outcome, now, recording);
    }

    private async Task FilterOutAsync(DeliveryWork work, string reason)
    {
        var now = timeProvider.GetUtcNow();
        var record = new AttemptRecord(now, TimeSpan.Zero, null, null, null, new AttemptError(AttemptError.Filtered, reason));
        var outcome = DeliveryOutcome.Filtered(reason);
        telemetry.Attempted(work, record, outcome, now);
        var recording = await attempts.QueueAsync(new AttemptToRecord(work, record, outcome));
        _ = AfterRecordedAsync(work, record, outcome, now, recording);
    }

    private async Task AfterRecordedAsync(DeliveryWork work, AttemptRecord result, DeliveryOutcome outcome, DateTimeOffset now, Task<RecordResult> recording)
    {
        RecordResult recorded;
        try
        {
            recorded = await recording;
        }
        catch (Exception ex)
        {
            // The lease expires and the delivery is claimed again: at-least-once.
            Log.RecordFailed(logger, work.DeliveryId, ex.Message);
            return;
        }

        LogOutcome(work, result, outcome);
        if (!recorded.StillOurs)
        {
            Log.LeaseLost(logger, work.DeliveryId);
        }

        if (recorded.AlertOpened || recorded.AlertResolved)
        {
            signals.AlertsPending.Set();
        }

        if (recorded.CircuitOpened is { } opening)
        {
            await circuits.OpenedAsync(work, opening);
        }

        // The next of a sequential destination's line may go now.
        if (work.Policy.Sequential && outcome.State != DeliveryState.Pending)
        {
            signals.DeliveriesDue.Set();
        }

        if (recorded.StillOurs && outcome.RetryAt is { } retryAt && retryAt - now < ShortRetry)
        {
            _ = WakeAtAsync(retryAt - now);
        }
    }

    private async Task WakeAtAsync(TimeSpan delay)
    {
        await Task.Delay(delay, timeProvider);
        signals.DeliveriesDue.Set();
    }

    private void LogOutcome(DeliveryWork work, AttemptRecord result, DeliveryOutcome outcome)
    {
        // A success or a filtered delivery is logged at Debug: off by default, and then not worth describing
        // thousands of times a second.
        if (outcome.State is DeliveryState.Succeeded or DeliveryState.Filtered && !logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var destination = LogSafeUrl.From(work.DestinationUrl);
        var what = AttemptDescription.Of(result);
        var ms = result.Duration.TotalMilliseconds;
        if (outcome.State == DeliveryState.Succeeded)
        {
            Log.Delivered(logger, work.RequestId, destination, work.AttemptNumber, what, ms);
        }
        else if (outcome.State == DeliveryState.Filtered)
        {
            Log.FilteredOut(logger, work.RequestId, destination, outcome.FailureReason!);
        }
        else if (outcome.RetryAt is { } retryAt)
        {
            Log.RetryScheduled(logger, work.RequestId, destination, work.AttemptNumber, what, ms, retryAt);
        }
        else
        {
            Log.GaveUp(logger, work.RequestId, destination, work.AttemptNumber, outcome.FailureReason!);
        }
    }
}
