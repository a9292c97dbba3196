namespace Soldr.Admin;

/// <summary>Management API messages: 4200s.</summary>
internal static partial class Log
{
    // The problem names fields and positions, never values: a body may carry secrets.
    [LoggerMessage(4201, LogLevel.Information, "Refused {Method} {Path} from {Remote}: {Problem}")]
    public static partial void BadRequest(ILogger logger, string method, string path, string? remote, string problem);

    [LoggerMessage(4202, LogLevel.Warning, "Refused {Method} {Path} for now: the job's lock is taken ({Reason})")]
    public static partial void JobLocked(ILogger logger, string method, string path, string reason);
}
