namespace Soldr.Admin;

/// <summary>Admin log messages: 4000s.</summary>
internal static partial class Log
{
    [LoggerMessage(4003, LogLevel.Information, "{Action} {Subject} by {Actor}")]
    public static partial void Changed(ILogger logger, string action, string subject, string? actor);

    // One line per client per minute rather than one per try, so a client hammering the secret cannot
    // flood the log. What was presented is never logged, not even its length: a near miss is most of a secret.
    [LoggerMessage(
        4110,
        LogLevel.Warning,
        "Failed authentications from {Client} in the last minute: {Failures} with a wrong secret, "
            + "{Refused} refused with 429 for too many failures")]
    public static partial void FailedAuthentications(ILogger logger, string client, int failures, int refused);

    [LoggerMessage(4111, LogLevel.Information, "Opened UI session {Session} for {Remote}")]
    public static partial void SessionOpened(ILogger logger, string session, string? remote);

    [LoggerMessage(4112, LogLevel.Information, "Ended UI session {Session}")]
    public static partial void SessionEnded(ILogger logger, string session);
}
