namespace Soldr.Worker;

/// <summary>Worker log messages: delivery 2000s.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Routed {Routed} request(s) into {Deliveries} delivery(ies); {Unroutable} unroutable")]
    public static partial void Routed(ILogger logger, int routed, int unroutable, int deliveries);

    [LoggerMessage(2002, LogLevel.Warning, "Routing pass failed; retrying at the next poll: {Reason}")]
    public static partial void RoutingFailed(ILogger logger, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "Could not claim deliveries; retrying at the next poll: {Reason}")]
    public static partial void ClaimFailed(ILogger logger, string reason);

    // Debug: at thousands of deliveries a second a line each costs real throughput; every attempt is
    // recorded and shown by the management API and UI anyway. Retries and give-ups stay visible.
    [LoggerMessage(2004, LogLevel.Debug, "Delivered request {RequestId} to {Destination} (attempt {Attempt}): {Outcome} in {DurationMs:0.0} ms")]
    public static partial void Delivered(ILogger logger, Guid requestId, string destination, int attempt, string outcome, double durationMs);

    [LoggerMessage(2005, LogLevel.Warning, "Delivery {DeliveryId} was sent after its lease expired; another worker owns it now")]
    public static partial void LeaseLost(ILogger logger, Guid deliveryId);

    [LoggerMessage(2006, LogLevel.Error, "Could not record the attempt of delivery {DeliveryId}; it will be claimed again when its lease expires: {Reason}")]
    public static partial void RecordFailed(ILogger logger, Guid deliveryId, string reason);

    [LoggerMessage(2020, LogLevel.Error, "Delivery {DeliveryId} could not be sent; it will be claimed again when its lease expires: {Reason}")]
    public static partial void SendFailed(ILogger logger, Guid deliveryId, string reason);

    [LoggerMessage(2007, LogLevel.Information, "Listening for wake-ups on Redis channel {Channel}")]
    public static partial void WakeUpsSubscribed(ILogger logger, string channel);

    [LoggerMessage(2008, LogLevel.Warning, "Redis wake-ups unavailable, polling PostgreSQL instead: {Reason}")]
    public static partial void WakeUpsUnavailable(ILogger logger, string reason);

    [LoggerMessage(2009, LogLevel.Warning, "Request {RequestId} to {Destination} failed (attempt {Attempt}): {Outcome} in {DurationMs:0.0} ms; retrying at {RetryAt:O}")]
    public static partial void RetryScheduled(ILogger logger, Guid requestId, string destination, int attempt, string outcome, double durationMs, DateTimeOffset retryAt);

    [LoggerMessage(2010, LogLevel.Error, "Gave up delivering request {RequestId} to {Destination} after attempt {Attempt}: {Reason}")]
    public static partial void GaveUp(ILogger logger, Guid requestId, string destination, int attempt, string reason);

    [LoggerMessage(2011, LogLevel.Information, "Stopping: waiting up to {Seconds} s for {Count} send(s) in flight")]
    public static partial void Draining(ILogger logger, int count, double seconds);

    [LoggerMessage(2012, LogLevel.Information, "Stopping: handed {Count} unfinished delivery(ies) back to the queue")]
    public static partial void Released(ILogger logger, int count);

    [LoggerMessage(2013, LogLevel.Warning, "Could not hand {Count} delivery(ies) back to the queue; they are retried when their leases expire: {Reason}")]
    public static partial void ReleaseFailed(ILogger logger, int count, string reason);

    [LoggerMessage(2014, LogLevel.Debug, "Could not read the queue's depth for the gauges: {Reason}")]
    public static partial void QueueReadFailed(ILogger logger, string reason);

    [LoggerMessage(2015, LogLevel.Warning, "Could not refresh this worker's heartbeat: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string reason);

    [LoggerMessage(2016, LogLevel.Information, "Alert {AlertId} {Kind}: notice sent to {Channel}")]
    public static partial void AlertNoticeSent(ILogger logger, long alertId, string kind, string channel);

    [LoggerMessage(2017, LogLevel.Warning, "Could not send the notice of alert {AlertId} to {Channel}; retrying later: {Reason}")]
    public static partial void AlertNoticeFailed(ILogger logger, long alertId, string channel, string reason);

    [LoggerMessage(2018, LogLevel.Warning, "Alerts are recorded but not sent: set Soldr:Alerts:WebhookUrl or Soldr:Alerts:Smtp:Host to be notified")]
    public static partial void AlertsNotConfigured(ILogger logger);

    [LoggerMessage(2019, LogLevel.Warning, "Alert notices could not be read or marked sent; retrying later: {Reason}")]
    public static partial void AlertPassFailed(ILogger logger, string reason);

    [LoggerMessage(2021, LogLevel.Information, "Released {Count} held deliveries whose destination and webhook are enabled")]
    public static partial void HeldReleased(ILogger logger, int count);

    [LoggerMessage(2022, LogLevel.Warning, "Could not release held deliveries of enabled destinations; trying again at the next poll: {Reason}")]
    public static partial void HeldReleaseFailed(ILogger logger, string reason);

    [LoggerMessage(2023, LogLevel.Debug, "Request {RequestId} is not for {Destination}, so it was not sent: {Reason}")]
    public static partial void FilteredOut(ILogger logger, Guid requestId, string destination, string reason);

    [LoggerMessage(2024, LogLevel.Warning, "Redis did not answer for destination rate limits ({Count} time(s) since the last report); meanwhile each of the {Workers} worker(s) keeps to its share of each limit: {Reason}")]
    public static partial void RateLimitLocal(ILogger logger, long count, int workers, string reason);

    [LoggerMessage(2025, LogLevel.Information, "{Destination} answered {Status} with Retry-After: every worker holds its sends to it until {Until:u}")]
    public static partial void DestinationPaused(ILogger logger, string destination, int status, DateTimeOffset until);

    [LoggerMessage(2033, LogLevel.Information, "{Destination} answered 429 without Retry-After: every worker holds its sends to it until {Until:u}, longer after each 429 in a row")]
    public static partial void DestinationThrottled(ILogger logger, string destination, DateTimeOffset until);

    [LoggerMessage(2026, LogLevel.Warning, "Circuit of {Destination} opened: {Reason}. Its deliveries are held; the first probe is at {ProbeAt:u}")]
    public static partial void CircuitOpened(ILogger logger, string destination, string reason, DateTimeOffset probeAt);

    [LoggerMessage(2027, LogLevel.Information, "Probe to {Destination} succeeded: circuit closed, {Released} held deliveries released")]
    public static partial void CircuitClosed(ILogger logger, string destination, long released);

    [LoggerMessage(2028, LogLevel.Warning, "Probe to {Destination} failed ({What}); circuit stays open, next probe at {NextAt:u}")]
    public static partial void ProbeFailed(ILogger logger, string destination, string what, DateTimeOffset nextAt);

    [LoggerMessage(2029, LogLevel.Warning, "Circuit of {Destination} open since {OpenedAt:u}: the destination is disabled; its deliveries stay held until it is enabled")]
    public static partial void CircuitDisabled(ILogger logger, string destination, DateTimeOffset openedAt);

    [LoggerMessage(2031, LogLevel.Error, "Could not schedule the probe of destination {DestinationId}'s open circuit: {Reason}")]
    public static partial void ProbeScheduleFailed(ILogger logger, long destinationId, string reason);

    [LoggerMessage(2032, LogLevel.Information, "Destination {DestinationId}'s circuit is open with no held delivery to probe with; next look at {NextAt:u}")]
    public static partial void NothingToProbe(ILogger logger, long destinationId, DateTimeOffset nextAt);
}
