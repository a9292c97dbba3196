namespace Soldr.Admin;

/// <summary>Admin log messages: 4000s.</summary>
internal static partial class Log
{
    // The presented credential is never logged.
    [LoggerMessage(4001, LogLevel.Warning, "Refused {Method} {Path} on the management API from {Remote}: missing or wrong secret")]
    public static partial void Unauthorized(ILogger logger, string method, string path, string? remote);
}
