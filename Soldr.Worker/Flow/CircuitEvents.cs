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
    /// <summary>A 429 or 503 with Retry-After: every worker waits that long before its next send to the destination.</summary>
    public async Task PausedAsync(DeliveryWork work, int status, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(work);
        var wait = retryAfter < work.Policy.MaxRetryDelay ? retryAfter : work.Policy.MaxRetryDelay;
        var until = timeProvider.GetUtcNow() + wait;
        flow.Pause(work.DestinationId, until);
        Log.DestinationPaused(logger, LogSafeUrl.From(work.DestinationUrl), status, until);
        await notices.PausedAsync(work.DestinationId, until);
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
