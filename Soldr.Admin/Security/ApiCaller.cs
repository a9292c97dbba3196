using System.Globalization;
using System.Net;
using System.Text;

namespace Soldr.Admin.Security;

/// <summary>
/// Who made a management API call, as the audit log records it: a UI session (its sign-in time and the
/// address it signed in from) or an API client (its address and user agent). The API's authentication
/// sets it once the caller is known; handlers read it with <see cref="Of"/>.
/// </summary>
public sealed record ApiCaller(string Description)
{
    /// <summary>The longest user agent kept: enough to tell clients apart, not enough to fill the audit log.</summary>
    public const int UserAgentLength = 60;

    /// <summary>
    /// The caller of <paramref name="context"/>, or a description from the connection when none was set.
    /// </summary>
    public static ApiCaller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ApiCaller>()
            ?? new ApiCaller($"API client {context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}");
    }

    public static ApiCaller ForSession(string shortId, DateTimeOffset signedInAt, string? signedInFrom) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"UI session {shortId} (signed in {signedInAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"
            + $" from {signedInFrom ?? "unknown"})"));

    public static ApiCaller ForClient(IPAddress? address, string? userAgent) =>
        new($"API client {address?.ToString() ?? "unknown"} ({Printable(userAgent)})");

    /// <summary>
    /// The user agent as the caller sent it, but without control or formatting characters (line breaks,
    /// escape sequences, bidirectional overrides that would make a line read differently) and cut short.
    /// </summary>
    private static string Printable(string? userAgent)
    {
        var text = new StringBuilder(UserAgentLength + 1);
        foreach (var rune in (userAgent ?? string.Empty).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (text.Length + rune.Utf16SequenceLength > UserAgentLength)
            {
                text.Append('…');
                break;
            }

            text.Append(rune.ToString());
        }

        var printable = text.ToString().Trim();
        return printable.Length == 0 ? "no user agent" : printable;
    }
}
