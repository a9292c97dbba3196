namespace Soldr.Ingest;

/// <summary>Ingest log messages: 1000s (1000–1099 requests, 1100s spool, 1200s batches, 1300s settings).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "Saved request {RequestId} for webhook '{Webhook}': {Method}, {Bytes} bytes")]
    public static partial void RequestSaved(ILogger logger, Guid requestId, string webhook, string method, int bytes);

    [LoggerMessage(1002, LogLevel.Error, "Could not save request {RequestId} for webhook '{Webhook}' in PostgreSQL or the spool; " +
        "it was written to stdout as a soldrUnsavedRequest line (re-import it with import-log) and answered 503 so the sender retries")]
    public static partial void RequestUnsaved(ILogger logger, Guid requestId, string webhook);

    [LoggerMessage(1003, LogLevel.Warning, "Refused a request for webhook '{Webhook}' with {Status}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string webhook, int status, string reason);

    [LoggerMessage(1004, LogLevel.Debug, "Could not publish a wake-up to Redis; workers will poll: {Reason}")]
    public static partial void WakeUpFailed(ILogger logger, string reason);

    [LoggerMessage(1005, LogLevel.Information, "Refused a request to '{Address}' with 404: not a webhook address")]
    public static partial void NotAWebhookAddress(ILogger logger, string address);

    [LoggerMessage(1006, LogLevel.Information, "The server refused a request before it reached ingest: {Reason} (414 or 431 for the URL and header limits, see Soldr:Ingest:MaxUrlBytes, MaxHeaderCount and MaxHeaderBytes)")]
    public static partial void RefusedByServer(ILogger logger, string reason);

    [LoggerMessage(1201, LogLevel.Warning, "PostgreSQL refused a batch of {Count} requests; writing them one by one: {Reason}")]
    public static partial void BatchRefused(ILogger logger, int count, string reason);

    [LoggerMessage(1202, LogLevel.Error, "PostgreSQL refused request {RequestId} for webhook '{Webhook}'; it was written to stdout as a soldrUnsavedRequest line: {Reason}")]
    public static partial void RequestRefused(ILogger logger, Guid requestId, string webhook, string reason);

    [LoggerMessage(1203, LogLevel.Error, "Writing a batch of {Count} requests failed unexpectedly; unanswered ones were written to stdout and answered 503: {Reason}")]
    public static partial void BatchFailed(ILogger logger, int count, string reason);

    [LoggerMessage(1301, LogLevel.Warning, "Could not re-read webhook response statuses; keeping the last ones: {Reason}")]
    public static partial void ResponseStatusesStale(ILogger logger, string reason);
}
