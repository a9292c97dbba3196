namespace Soldr.Ingest;

/// <summary>Ingest log messages: 1000s.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "Saved request {RequestId} for webhook '{Webhook}': {Method}, {Bytes} bytes")]
    public static partial void RequestSaved(ILogger logger, Guid requestId, string webhook, string method, int bytes);

    [LoggerMessage(1002, LogLevel.Error, "Could not save request {RequestId} for webhook '{Webhook}'; answered 503 so the sender retries: {Reason}")]
    public static partial void SaveFailed(ILogger logger, Guid requestId, string webhook, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Refused a request for webhook '{Webhook}' with {Status}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string webhook, int status, string reason);

    [LoggerMessage(1004, LogLevel.Debug, "Could not publish a wake-up to Redis; workers will poll: {Reason}")]
    public static partial void WakeUpFailed(ILogger logger, string reason);
}
