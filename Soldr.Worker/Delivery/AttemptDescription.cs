using System.Globalization;
using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery;

/// <summary>An attempt's result in a few words, for logs and alerts: "503 Service Unavailable", "timeout: ...".</summary>
internal static class AttemptDescription
{
    public static string Of(AttemptRecord attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return attempt.Error switch
        {
            null => attempt.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no status",
            { Kind: "http" } error => error.Message,
            var error => $"{error.Kind}: {error.Message}",
        };
    }
}
