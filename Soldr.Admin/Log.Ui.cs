namespace Soldr.Admin;

/// <summary>Management UI messages: 4100s.</summary>
internal static partial class Log
{
    [LoggerMessage(4102, LogLevel.Information, "Signed in to the management UI from {Remote}")]
    public static partial void SignedIn(ILogger logger, string? remote);

    [LoggerMessage(4103, LogLevel.Debug, "Did not hand {Key} over from the prerender to the live render: {Bytes} bytes, {Room} bytes left; the live render reads it again")]
    public static partial void NotHandedOver(ILogger logger, string key, int bytes, int room);
}
