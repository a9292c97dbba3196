namespace Soldr.Admin;

/// <summary>Admin log messages: 4000s.</summary>
internal static partial class Log
{
    // The presented credential is never logged.
    [LoggerMessage(4001, LogLevel.Warning, "Refused {Method} {Path} on the management API from {Remote}: missing or wrong secret")]
    public static partial void Unauthorized(ILogger logger, string method, string path, string? remote);

    [LoggerMessage(4002, LogLevel.Warning, "Could not wake the workers after queuing deliveries: {Reason}; they find them at their next poll")]
    public static partial void WakeUpFailed(ILogger logger, string reason);

    [LoggerMessage(4003, LogLevel.Information, "{Action} {Subject} by {Actor}")]
    public static partial void Changed(ILogger logger, string action, string subject, string? actor);
}
