using System.Text;

namespace Soldr.Admin.Apis;

/// <summary>How the API writes bodies, headers and the caller of a change.</summary>
internal static class ApiShapes
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as text when it is valid UTF-8; null otherwise (base64 is always given too).</summary>
    public static string? AsText(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public static List<string[]> Pairs(IReadOnlyList<KeyValuePair<string, string>> headers) =>
        [.. headers.Select(h => new[] { h.Key, h.Value })];

    /// <summary>The audit log's actor: the UI session or API client that made the call.</summary>
    public static string Actor(HttpContext context) => Security.ApiCaller.Of(context).Description;
}
