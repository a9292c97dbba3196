using System.Diagnostics;
using System.Diagnostics.Metrics;
using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery;

/// <summary>
/// The delivery engine's metrics (meter <c>Soldr.Delivery</c>) and spans. Each send's span continues the
/// trace of the ingest request that saved it, so one trace shows a webhook from arrival to every attempt.
/// </summary>
internal sealed class DeliveryTelemetry : IDisposable
{
    public const string Name = "Soldr.Delivery";
    private static readonly ActivitySource Source = new(Name);
    private readonly Meter _meter;
    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _endToEnd;

    public DeliveryTelemetry(IMeterFactory meters, QueueSnapshot queue)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(queue);
        _meter = meters.Create(Name);
        _outcomes = _meter.CreateCounter<long>("soldr.deliveries", "{delivery}", "Attempts by what they meant for their delivery: succeeded, retry, failed; and deliveries filtered out, never sent.");
        _retries = _meter.CreateCounter<long>("soldr.delivery.retries", "{retry}", "Retries scheduled.");
        _attemptDuration = _meter.CreateHistogram<double>("soldr.delivery.attempt.duration", "ms", "How long each send took.");
        _endToEnd = _meter.CreateHistogram<double>("soldr.delivery.latency", "ms", "From the request's arrival at ingest to its successful delivery.");
        _meter.CreateObservableGauge("soldr.queue.depth", () => queue.Pending, "{delivery}", "Deliveries waiting to be sent, due or not.");
        _meter.CreateObservableGauge("soldr.queue.oldest_due_age", () => queue.OldestDueAgeSeconds, "s", "How long the longest-waiting due delivery has been due.");
        _meter.CreateObservableGauge(
            "soldr.queue.held",
            () => new[]
            {
                new Measurement<long>(queue.HeldByCircuits, new KeyValuePair<string, object?>("soldr.held_by", "circuit")),
                new Measurement<long>(queue.Held - queue.HeldByCircuits, new KeyValuePair<string, object?>("soldr.held_by", "disabled")),
            },
            "{delivery}",
            "Deliveries held: by an open circuit, or because their destination or webhook is disabled.");
        _meter.CreateObservableGauge("soldr.circuits.open", () => queue.OpenCircuits, "{destination}", "Destinations whose circuit is open.");
    }

    public static Activity? StartSend(DeliveryWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ActivityContext.TryParse(work.TraceParent, work.TraceState, out var parent);
        var activity = Source.StartActivity("deliver", ActivityKind.Client, parent);
        activity?.SetTag("soldr.request_id", work.RequestId);
        activity?.SetTag("soldr.delivery_id", work.DeliveryId);
        activity?.SetTag("soldr.webhook", work.WebhookName);
        activity?.SetTag("soldr.attempt", work.AttemptNumber);
        return activity;
    }

    public void Attempted(DeliveryWork work, AttemptRecord attempt, DeliveryOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(outcome);
        var webhook = new KeyValuePair<string, object?>("webhook", work.WebhookName);
        var result = outcome.State == DeliveryState.Pending ? "retry" : outcome.State;
        _outcomes.Add(1, webhook, new("outcome", result));
        if (outcome.State == DeliveryState.Filtered)
        {
            return;
        }

        _attemptDuration.Record(attempt.Duration.TotalMilliseconds, webhook);
        if (outcome.State == DeliveryState.Pending)
        {
            _retries.Add(1, webhook);
        }
        else if (outcome.State == DeliveryState.Succeeded)
        {
            _endToEnd.Record((now - work.ReceivedAt).TotalMilliseconds, webhook);
        }
    }

    public void Dispose() => _meter.Dispose();
}
