using System.Globalization;
using Soldr.Core.Http;

namespace Soldr.Worker.Delivery.Headers;

/// <summary>
/// Checks a stored request's headers before any is written: whatever route stored them (ingest, an edit,
/// an old row), a name that is not a token or a value with a control character must not reach the wire.
/// </summary>
internal static class StoredHeaders
{
    /// <summary>
    /// Why the headers cannot be sent, or null. A header is named by its position (from 1) and, if the name
    /// is a valid token, its name; a value is never repeated, since headers carry secrets.
    /// </summary>
    public static string? Check(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (!HeaderRules.IsValidName(name))
            {
                return $"stored header {Position(i)} has an invalid name ({HeaderRules.NameRule})";
            }

            if (!HeaderRules.IsValidValue(value))
            {
                return $"stored header {Position(i)} ({name}) has an invalid value ({HeaderRules.ValueRule}); the value is not shown";
            }
        }

        return null;
    }

    private static string Position(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
