using Soldr.Client.Contracts;
using Soldr.Core.Json;

namespace Soldr.Core.Routing;

/// <summary>The limits on a <see cref="DestinationFilter"/>; each failure starts with <c>{prefix}Filter...</c>, the key at fault.</summary>
public static class DeliveryFilterRules
{
    public static void Check(DestinationFilter? filter, string prefix, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (filter is null)
        {
            return;
        }

        var key = $"{prefix}Filter";
        if (filter.EventTypes is not { Count: > 0 } && filter.Body is not { Count: > 0 })
        {
            failures.Add($"{key} sets nothing: give EventTypes, Body conditions, or leave Filter out.");
        }

        var types = filter.EventTypes ?? [];
        for (var i = 0; i < types.Count; i++)
        {
            if (EventTypePattern.Problem(types[i]) is { } problem)
            {
                failures.Add($"{key}:EventTypes:{i} {problem}.");
            }
        }

        var body = filter.Body ?? [];
        for (var i = 0; i < body.Count; i++)
        {
            var condition = body[i];
            if (condition.Path is null)
            {
                failures.Add($"{key}:Body:{i}:Path is missing; a path is $ followed by .name, ['name'] or [index].");
            }
            else if (!JsonPathValue.TryParse(condition.Path, out _, out var error))
            {
                failures.Add($"{key}:Body:{i}:Path {error}; a path is $ followed by .name, ['name'] or [index].");
            }

            if ((condition.Value is null) == (condition.Exists is null))
            {
                failures.Add($"{key}:Body:{i} must set exactly one of Value or Exists.");
            }
        }
    }
}
