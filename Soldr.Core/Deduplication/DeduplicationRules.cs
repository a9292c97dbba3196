using Soldr.Client.Contracts;
using Soldr.Core.Json;

namespace Soldr.Core.Deduplication;

/// <summary>
/// The limits on <see cref="DeduplicationSettings"/>, for configuration and the management API alike. Each
/// failure starts with the key at fault (<c>{prefix}Deduplication:JsonPath ...</c>).
/// </summary>
public static class DeduplicationRules
{
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(30);

    public static void Check(DeduplicationSettings? settings, string prefix, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (settings is null)
        {
            return;
        }

        var key = $"{prefix}Deduplication";
        RequestValueRules.Check(settings.Header, settings.JsonPath, key, failures);

        if (settings.Window is { } window && (window < MinWindow || window > MaxWindow))
        {
            failures.Add($"{key}:Window must be between 1 minute and 30 days.");
        }
    }
}
