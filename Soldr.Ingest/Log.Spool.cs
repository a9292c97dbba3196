namespace Soldr.Ingest;

/// <summary>Spool log messages: 1100s.</summary>
internal static partial class Log
{
    [LoggerMessage(1101, LogLevel.Warning, "PostgreSQL is unavailable; requests are kept in the spool at '{Path}' until it is back: {Reason}")]
    public static partial void SpoolingStarted(ILogger logger, string path, string reason);

    [LoggerMessage(1102, LogLevel.Information, "PostgreSQL is back; spooled requests were drained and new requests are written to it again")]
    public static partial void SpoolingEnded(ILogger logger);

    [LoggerMessage(1103, LogLevel.Error, "Could not write {Count} requests to the spool at '{Path}': {Reason}")]
    public static partial void SpoolWriteFailed(ILogger logger, string path, int count, string reason);

    [LoggerMessage(1104, LogLevel.Error, "The spool folder '{Path}' cannot be used ({Reason}); while PostgreSQL is unavailable, requests will be answered 503. Fix the folder or set Soldr:Ingest:SpoolPath")]
    public static partial void SpoolUnusable(ILogger logger, string path, string reason);

    [LoggerMessage(1105, LogLevel.Information, "Spool folder: '{Path}'")]
    public static partial void SpoolReady(ILogger logger, string path);

    [LoggerMessage(1106, LogLevel.Warning, "The spool at '{Path}' holds {Segments} segment(s) with {Requests} request(s) from an earlier run; they are drained once PostgreSQL answers")]
    public static partial void SpoolLeftovers(ILogger logger, int segments, long requests, string path);

    [LoggerMessage(1107, LogLevel.Warning, "Spool segment {Segment} ends in a torn or damaged record at byte {Offset} ({Bytes} bytes skipped, never acknowledged); its {Good} good record(s) are drained")]
    public static partial void SpoolTailSkipped(ILogger logger, string segment, long offset, long bytes, int good);

    [LoggerMessage(1108, LogLevel.Information, "Drained spool segment {Segment}: {Requests} request(s), {Added} new in PostgreSQL")]
    public static partial void SegmentDrained(ILogger logger, string segment, int requests, int added);

    [LoggerMessage(1109, LogLevel.Debug, "PostgreSQL is still unavailable; {Pending} request(s) wait in the spool: {Reason}")]
    public static partial void DrainWaiting(ILogger logger, long pending, string reason);

    [LoggerMessage(1110, LogLevel.Error, "Draining the spool failed; the segments are kept and retried: {Reason}")]
    public static partial void DrainFailed(ILogger logger, string reason);

    [LoggerMessage(1111, LogLevel.Information, "Soldr:Ingest:SpoolPath is not set; the spool is kept in '{Path}'")]
    public static partial void SpoolDefaultPath(ILogger logger, string path);

    [LoggerMessage(1112, LogLevel.Warning, "The spool folder '{Path}' has mode {Mode}: users other than its owner may read the requests kept in it. Make it 0700 (chmod 700) or choose another Soldr:Ingest:SpoolPath")]
    public static partial void SpoolFolderNotOwnerOnly(ILogger logger, string path, string mode);
}
