using Soldr.Client.Contracts;
using Soldr.Core.Http;
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
        if ((settings.Header is null) == (settings.JsonPath is null))
        {
            failures.Add($"{key} must set exactly one of Header or JsonPath.");
        }

        if (settings.Header is not null && !HeaderRules.IsValidName(settings.Header))
        {
            failures.Add($"{key}:Header is not a header name: {HeaderRules.NameRule}.");
        }

        if (settings.JsonPath is not null && !JsonPathValue.TryParse(settings.JsonPath, out _, out var error))
        {
            failures.Add($"{key}:JsonPath {error}; a path is $ followed by steps .name, ['name'] or [index].");
        }

        if (settings.Window is { } window && (window < MinWindow || window > MaxWindow))
        {
            failures.Add($"{key}:Window must be between 1 minute and 30 days.");
        }
    }
}
