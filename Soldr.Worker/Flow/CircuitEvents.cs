using Hangfire;
using Soldr.Core.Deliveries;
using Soldr.Core.Diagnostics;
using Soldr.Core.Jobs;
using Soldr.Core.Signals;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Flow;

/// <summary>
/// What follows a change in a destination's flow, once it is committed: other workers are told, the
/// circuit's first probe is scheduled, and its alert goes out.
/// </summary>
internal sealed class CircuitEvents(
    DestinationFlow flow,
    FlowNotices notices,
    IBackgroundJobClientV2 jobs,
    WorkSignals signals,
    TimeProvider timeProvider,
    ILogger<CircuitEvents> logger)
{
    /// <summary>
    /// What an answer says about the destination's pace. A 429 or 503 with Retry-After pauses it that long for
    /// every worker; a 429 without one pauses it 1 s, doubling while it keeps answering 429; either within the
    /// destination's longest retry delay. This worker pauses at once; the others hear of it after.
    /// </summary>
    public void Answered(DeliveryWork work, AttemptRecord result)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(result);
        if (result.StatusCode is 429 or 503 && result.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
        {
            var until = Pause(work, retryAfter);
            Log.DestinationPaused(logger, LogSafeUrl.From(work.DestinationUrl), result.StatusCode.Value, until);
            _ = notices.PausedAsync(work.DestinationId, until);
        }
        else if (result.StatusCode == 429)
        {
            var until = Pause(work, flow.Throttled(work.DestinationId));
            Log.DestinationThrottled(logger, LogSafeUrl.From(work.DestinationUrl), until);
            _ = notices.PausedAsync(work.DestinationId, until);
        }
        else
        {
            flow.NotThrottled(work.DestinationId);
        }
    }

    public async Task OpenedAsync(DeliveryWork work, CircuitOpening opening)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(opening);
        flow.Hold(opening.DestinationId);
        signals.AlertsPending.Set();
        Log.CircuitOpened(logger, LogSafeUrl.From(work.DestinationUrl), opening.Reason, opening.FirstProbeAt);
        ScheduleProbe(opening.DestinationId, opening.OpenedAt, opening.FirstProbeAt);
        await notices.CircuitOpenedAsync(opening.DestinationId);
    }

    public async Task ClosedAsync(long destinationId)
    {
        flow.Release(destinationId);
        signals.AlertsPending.Set();
        signals.DeliveriesDue.Set();
        await notices.CircuitClosedAsync(destinationId);
    }

    private DateTimeOffset Pause(DeliveryWork work, TimeSpan wait)
    {
        var until = timeProvider.GetUtcNow() + (wait < work.Policy.MaxRetryDelay ? wait : work.Policy.MaxRetryDelay);
        flow.Pause(work.DestinationId, until);
        return until;
    }

    /// <summary>A destination was disabled after its circuit stayed open: its second notice is due.</summary>
    public void Disabled() => signals.AlertsPending.Set();

    public void ScheduleProbe(long destinationId, DateTimeOffset openedAt, DateTimeOffset at)
    {
        try
        {
            jobs.Schedule<ICircuitProbeJob>(job => job.RunAsync(destinationId, openedAt, CancellationToken.None), JobTimes.NotBefore(at));
        }
        catch (Exception ex)
        {
            // The circuit stays open and holds; an operator can still probe or close it.
            Log.ProbeScheduleFailed(logger, destinationId, ex.Message);
        }
    }
}
