using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Core.Diagnostics;
using Soldr.Core.Flow;
using Soldr.Core.Jobs;
using Soldr.Worker.Delivery;
using Soldr.Worker.Flow;

namespace Soldr.Worker.Jobs;

/// <summary>
/// One probe of an open circuit: the earliest held delivery is sent like any attempt and recorded. A
/// success closes the circuit (the rest are released in the order received, at the destination's rate
/// limit); a failure schedules the next probe, twice as late each time. A circuit opened by failures that
/// stays open past its <see cref="CircuitPolicy.DisableAfter"/> disables the destination instead. A circuit
/// an operator opened is probed only when the operator asks.
/// </summary>
internal sealed class CircuitProbeJob(
    CircuitStore circuits,
    DeliveryStore store,
    DeliverySender sender,
    RetrySchedule schedule,
    AttemptRecorder recorder,
    CircuitEvents events,
    DestinationFlow flow,
    DestinationRateLimiter rateLimiter,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<CircuitProbeJob> logger) : ICircuitProbeJob
{
    public async Task<string> RunAsync(long destinationId, DateTimeOffset openedAt, CancellationToken cancellationToken)
    {
        if (await circuits.FindAsync(destinationId, cancellationToken) is not { IsOpen: true } circuit || circuit.OpenedAt != openedAt)
        {
            return $"Nothing to do: the circuit of destination #{destinationId} opened at {openedAt:u} is no longer open.";
        }

        if (circuit.DisabledAt is not null)
        {
            return "Nothing to do: the destination was disabled after its circuit stayed open.";
        }

        var policy = circuit.Policy ?? CircuitPolicy.Default;
        var automatic = circuit.OpenedBy == CircuitRecord.ByFailures;
        var now = timeProvider.GetUtcNow();
        if (automatic && now - openedAt >= policy.DisableAfter && await circuits.DisableAsync(destinationId, openedAt, cancellationToken))
        {
            Log.CircuitDisabled(logger, $"destination #{destinationId}", openedAt);
            events.Disabled();
            return $"Disabled: the circuit stayed open since {openedAt:u}, longer than {policy.DisableAfter:c}.";
        }

        if (await store.ClaimProbeAsync(destinationId, options.Value.LeaseDuration, cancellationToken) is not { } work)
        {
            var later = now + policy.ProbeDelayAfter(circuit.Probes);
            await NextProbeAsync(circuit, automatic, counted: false, later, cancellationToken);
            Log.NothingToProbe(logger, destinationId, later);
            return $"No held delivery to probe with; looking again at {later:u}.";
        }

        await WaitForTurnAsync(work, cancellationToken);
        var result = await sender.SendAsync(work, cancellationToken);
        var outcome = schedule.Decide(work, result, timeProvider.GetUtcNow());
        await recorder.RecordAsync(work, result, outcome, CancellationToken.None);
        var destination = LogSafeUrl.From(work.DestinationUrl);
        var what = AttemptDescription.Of(result);
        if (result.Succeeded)
        {
            var released = await circuits.CloseAsync(destinationId, CancellationToken.None) ?? 0;
            await events.ClosedAsync(destinationId);
            Log.CircuitClosed(logger, destination, released);
            return $"Probe succeeded ({what}): circuit closed, {released} held deliveries released.";
        }

        var next = timeProvider.GetUtcNow() + policy.ProbeDelayAfter(circuit.Probes + 1);
        await NextProbeAsync(circuit, automatic, counted: true, next, CancellationToken.None);
        Log.ProbeFailed(logger, destination, what, next);
        return automatic
            ? $"Probe failed ({what}); next probe at {next:u}."
            : $"Probe failed ({what}); the circuit was opened by {circuit.OpenedBy} and is probed again when asked.";
    }

    /// <summary>A probe is a send like any other: it keeps to a Retry-After pause and to the rate limit.</summary>
    private async Task WaitForTurnAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        if (flow.PausedUntil(work.DestinationId) is { } paused && paused - timeProvider.GetUtcNow() is var left && left > TimeSpan.Zero)
        {
            await Task.Delay(left, timeProvider, cancellationToken);
        }

        if (work.Policy.RateLimit is not { } limit)
        {
            return;
        }

        TimeSpan wait;
        while ((wait = await rateLimiter.TryTakeAsync(work.DestinationId, work.DeliveryId, limit)) > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    private async Task NextProbeAsync(CircuitRecord circuit, bool automatic, bool counted, DateTimeOffset next, CancellationToken cancellationToken)
    {
        if (await circuits.ProbeFailedAsync(circuit.DestinationId, circuit.OpenedAt!.Value, automatic ? next : null, counted, cancellationToken) && automatic)
        {
            events.ScheduleProbe(circuit.DestinationId, circuit.OpenedAt.Value, next);
        }
    }
}
