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

    [LoggerMessage(1007, LogLevel.Warning, "Refused {Count} request(s) with 503 since the last report: the request bodies held in memory reached Soldr:Ingest:MaxBodyMemoryBytes ({Limit} bytes)")]
    public static partial void BodyMemoryFull(ILogger logger, long count, long limit);

    [LoggerMessage(1008, LogLevel.Information, "Refused {Count} request(s) with 404 since the last report: not a webhook (Soldr:Ingest:UnknownWebhooks is Reject); the latest for '{Webhook}'")]
    public static partial void UnknownWebhooksRefused(ILogger logger, long count, string webhook);

    [LoggerMessage(1009, LogLevel.Warning, "Closed {Count} new connection(s) since the last report: Soldr:Ingest:MaxConnections ({Limit}) were open")]
    public static partial void ConnectionsRefused(ILogger logger, long count, int limit);

    [LoggerMessage(1010, LogLevel.Debug, "The sender of a request for webhook '{Webhook}' went away before its body was read; nothing was kept")]
    public static partial void SenderGone(ILogger logger, string webhook);

    [LoggerMessage(1201, LogLevel.Warning, "PostgreSQL refused a batch of {Count} requests; writing them one by one: {Reason}")]
    public static partial void BatchRefused(ILogger logger, int count, string reason);

    [LoggerMessage(1202, LogLevel.Error, "PostgreSQL refused request {RequestId} for webhook '{Webhook}'; it was written to stdout as a soldrUnsavedRequest line: {Reason}")]
    public static partial void RequestRefused(ILogger logger, Guid requestId, string webhook, string reason);

    [LoggerMessage(1203, LogLevel.Error, "Writing a batch of {Count} requests failed unexpectedly; unanswered ones were written to stdout and answered 503: {Reason}")]
    public static partial void BatchFailed(ILogger logger, int count, string reason);

    [LoggerMessage(1204, LogLevel.Information, "A commit of {Count} request(s) that had timed out (and was spooled) finished after all; {Saved} were new in PostgreSQL, and the spool's copies will add nothing")]
    public static partial void LateCommitLanded(ILogger logger, int count, int saved);

    [LoggerMessage(1205, LogLevel.Debug, "A statement that had timed out did not finish: {Reason}")]
    public static partial void LateWorkAbandoned(ILogger logger, string reason);

    [LoggerMessage(1301, LogLevel.Warning, "Could not re-read the webhooks' settings; keeping the last ones: {Reason}")]
    public static partial void WebhookSettingsStale(ILogger logger, string reason);

    [LoggerMessage(1302, LogLevel.Error, "The settings of webhook '{Webhook}' in PostgreSQL are not valid; its requests are answered 503 until they are fixed through the management API")]
    public static partial void WebhookSettingsUnreadable(ILogger logger, string webhook);

    [LoggerMessage(1303, LogLevel.Information, "Requests for names that are not webhooks are answered 404 (Soldr:Ingest:UnknownWebhooks=Reject); {Count} webhook name(s) known")]
    public static partial void RejectingUnknownWebhooks(ILogger logger, int count);

    [LoggerMessage(1304, LogLevel.Warning, "{Count} request(s) for webhook '{Webhook}' failed verification in the last minute and were {Action}; the latest: {Method}: {Detail}")]
    public static partial void VerificationFailed(ILogger logger, long count, string webhook, string action, string method, string detail);

    [LoggerMessage(1010, LogLevel.Information, "Request {RequestId} for webhook '{Webhook}' repeats event {FirstId}; saved as a duplicate and not delivered")]
    public static partial void DuplicateSaved(ILogger logger, Guid requestId, string webhook, Guid firstId);

    [LoggerMessage(1306, LogLevel.Warning, "Answered {Count} request(s) with 429 in the last minute: over the ingest limit of {Limited}; the latest from {Source}")]
    public static partial void IngestLimited(ILogger logger, long count, string limited, string source);

    [LoggerMessage(1307, LogLevel.Warning, "Ingest limits were not enforced for {Count} request(s) in the last minute: Redis did not answer ({Reason})")]
    public static partial void IngestLimitsUnavailable(ILogger logger, long count, string reason);
}
