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

    [LoggerMessage(2004, LogLevel.Information, "Delivered request {RequestId} to {Destination} (attempt {Attempt}): {Outcome} in {DurationMs:0.0} ms")]
    public static partial void Attempted(ILogger logger, Guid requestId, string destination, int attempt, string outcome, double durationMs);

    [LoggerMessage(2005, LogLevel.Warning, "Delivery {DeliveryId} was sent after its lease expired; another worker owns it now")]
    public static partial void LeaseLost(ILogger logger, Guid deliveryId);

    [LoggerMessage(2006, LogLevel.Error, "Could not record the attempt of delivery {DeliveryId}; it will be claimed again when its lease expires: {Reason}")]
    public static partial void RecordFailed(ILogger logger, Guid deliveryId, string reason);

    [LoggerMessage(2007, LogLevel.Information, "Listening for wake-ups on Redis channel {Channel}")]
    public static partial void WakeUpsSubscribed(ILogger logger, string channel);

    [LoggerMessage(2008, LogLevel.Warning, "Redis wake-ups unavailable, polling PostgreSQL instead: {Reason}")]
    public static partial void WakeUpsUnavailable(ILogger logger, string reason);
}
