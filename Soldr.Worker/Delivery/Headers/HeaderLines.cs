using System.Net.Http.Headers;

namespace Soldr.Worker.Delivery.Headers;

/// <summary>
/// Adds headers so that each arrives as its own line, in the order received. HttpClient keeps one entry
/// per name and writes repeated values as one comma-joined line, which is not what the sender sent (and
/// wrong for fields that may not be joined, RFC 9110 §5.3). So a repeated name's later values are chained
/// onto its entry as further lines, which HttpClient writes unvalidated. This is safe only because every
/// name and value was checked with <see cref="Core.Http.HeaderRules"/> first: the only line breaks on the
/// wire are the ones written here, each followed by a checked name. And only over HTTP/1.1, which the
/// delivery request pins: HTTP/2 has no header lines and takes a line break in a field for a malformed one.
/// </summary>
internal static class HeaderLines
{
    /// <summary>Adds one line; false if <paramref name="headers"/> does not take this name (e.g. a content header).</summary>
    public static bool TryAdd(HttpHeaders headers, string name, string value)
    {
        if (!headers.NonValidated.TryGetValues(name, out var earlier))
        {
            return headers.TryAddWithoutValidation(name, value);
        }

        var lines = string.Concat(earlier.ToString(), "\r\n", name, ": ", value);
        headers.Remove(name);
        return headers.TryAddWithoutValidation(name, lines);
    }
}
