using System.Text;

namespace Soldr.Admin.Security;

/// <summary>The secret a request presents in its <c>Authorization</c> header.</summary>
internal static class PresentedSecret
{
    /// <summary>
    /// The bearer token; or, where <paramref name="basicAllowed"/>, the password of HTTP Basic (any user
    /// name). Null when the request presents nothing usable, which is refused without counting as a guess.
    /// </summary>
    public static string? From(string? authorization, bool basicAllowed)
    {
        if (authorization is null)
        {
            return null;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            // Where Basic is not accepted it is refused without counting: a browser replays the Basic
            // credentials it keeps for the reference page on requests other sites make it send, and those
            // must not lock the operator's address out.
            return basicAllowed ? BasicPassword(authorization["Basic ".Length..].Trim()) : null;
        }

        // Another scheme: still a guess at the secret, so it counts.
        return string.Empty;
    }

    private static string BasicPassword(string encoded)
    {
        Span<byte> bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return string.Empty;
        }

        var pair = Encoding.UTF8.GetString(bytes[..length]);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? string.Empty : pair[(colon + 1)..];
    }
}
