using Soldr.Core.Http;

namespace Soldr.Worker.Delivery.Headers;

/// <summary>
/// Checks a destination's own headers again where they are written. Validation refused these settings
/// already; this holds for a row stored before it did, or by another route. Both Core's list of reserved
/// names and the worker's own are asked, so neither alone has to be complete.
/// </summary>
internal static class DestinationHeaders
{
    /// <summary>Why the headers cannot be sent, or null. A value is never repeated: these headers carry secrets.</summary>
    public static string? Check(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (!HeaderRules.IsValidName(name))
            {
                return $"the destination's header {i + 1} has an invalid name ({HeaderRules.NameRule})";
            }

            if (ReservedHeaders.Contains(name) || HopByHopHeaders.Contains(name) || SoldrHeaders.Contains(name)
                || StandardWebhookHeaders.Contains(name))
            {
                return $"the destination's header {name} may not be set: it describes the connection, or Soldr sets it itself";
            }

            if (!HeaderRules.IsValidValue(value))
            {
                return $"the destination's header {name} has an invalid value ({HeaderRules.ValueRule}); the value is not shown";
            }
        }

        return null;
    }
}
