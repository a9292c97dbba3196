using Soldr.Core.Http;

namespace Soldr.Core.Json;

/// <summary>
/// A value read from each request, from a header or a JSON path into its body (an event key, an event type):
/// exactly one of the two, each well formed. Failures start with <c>{key}</c>, the setting at fault.
/// </summary>
public static class RequestValueRules
{
    public static void Check(string? header, string? jsonPath, string key, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if ((header is null) == (jsonPath is null))
        {
            failures.Add($"{key} must set exactly one of Header or JsonPath.");
        }

        if (header is not null && !HeaderRules.IsValidName(header))
        {
            failures.Add($"{key}:Header is not a header name: {HeaderRules.NameRule}.");
        }

        if (jsonPath is not null && !JsonPathValue.TryParse(jsonPath, out _, out var error))
        {
            failures.Add($"{key}:JsonPath {error}; a path is $ followed by steps .name, ['name'] or [index].");
        }
    }
}
