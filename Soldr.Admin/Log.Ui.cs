namespace Soldr.Admin;

/// <summary>Management UI messages: 4100s.</summary>
internal static partial class Log
{
    // What was typed is never logged, not even its length: a near miss is most of a secret.
    [LoggerMessage(4101, LogLevel.Warning, "Refused a sign-in to the management UI from {Remote}: wrong secret")]
    public static partial void SignInRefused(ILogger logger, string? remote);

    [LoggerMessage(4102, LogLevel.Information, "Signed in to the management UI from {Remote}")]
    public static partial void SignedIn(ILogger logger, string? remote);

    [LoggerMessage(4103, LogLevel.Debug, "Did not hand {Key} over from the prerender to the live render: {Bytes} bytes, {Room} bytes left; the live render reads it again")]
    public static partial void NotHandedOver(ILogger logger, string key, int bytes, int room);
}
