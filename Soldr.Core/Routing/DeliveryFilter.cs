using Soldr.Client.Contracts;
using Soldr.Core.Json;
using Soldr.Core.Verification;

namespace Soldr.Core.Routing;

/// <summary>
/// A destination's filter, compiled once per settings text: event-type patterns and body conditions.
/// <see cref="Rejects"/> says why a request is not for the destination, in words for the operator.
/// </summary>
public sealed class DeliveryFilter
{
    private readonly EventTypePattern[] _includes;
    private readonly EventTypePattern[] _excludes;
    private readonly (JsonPathValue Path, string? Value, bool? Exists)[] _conditions;

    private DeliveryFilter(EventTypePattern[] patterns, (JsonPathValue, string?, bool?)[] conditions)
    {
        _includes = [.. patterns.Where(p => !p.Excludes)];
        _excludes = [.. patterns.Where(p => p.Excludes)];
        _conditions = conditions;
    }

    /// <summary>The compiled filter; null when <paramref name="filter"/> sets nothing (or nothing usable: the rules refuse that).</summary>
    public static DeliveryFilter? From(DestinationFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        var patterns = (filter.EventTypes ?? [])
            .Where(p => EventTypePattern.Problem(p) is null)
            .Select(EventTypePattern.Parse)
            .ToArray();
        var conditions = new List<(JsonPathValue, string?, bool?)>();
        foreach (var condition in filter.Body ?? [])
        {
            if (condition.Path is { } text && JsonPathValue.TryParse(text, out var path, out _))
            {
                conditions.Add((path, condition.Value, condition.Exists));
            }
        }

        return patterns.Length == 0 && conditions.Count == 0 ? null : new DeliveryFilter(patterns, [.. conditions]);
    }

    /// <summary>Why a request of <paramref name="eventType"/> with <paramref name="body"/> is not for this destination; null when it is.</summary>
    public string? Rejects(string? eventType, ReadOnlySpan<byte> body)
    {
        if (eventType is null)
        {
            if (_includes.Length > 0)
            {
                return $"the request has no event type, and the filter takes only {List(_includes)}";
            }
        }
        else if (_includes.Length > 0 && !_includes.Any(p => p.Matches(eventType)))
        {
            return $"event type {eventType} matches none of {List(_includes)}";
        }
        else if (_excludes.FirstOrDefault(p => p.Matches(eventType)) is { } excluded)
        {
            return $"event type {eventType} is excluded by {excluded}";
        }

        foreach (var (path, expected, exists) in _conditions)
        {
            var value = path.Read(body);
            if (exists is { } mustExist && (value is not null) != mustExist)
            {
                return mustExist ? $"{path.Path} is missing from the body" : $"{path.Path} is in the body";
            }

            if (expected is not null && !string.Equals(value, expected, StringComparison.Ordinal))
            {
                return value is null
                    ? $"{path.Path} is missing from the body, not {expected}"
                    : $"{path.Path} is {DisplayText.Of(value)}, not {expected}";
            }
        }

        return null;
    }

    private static string List(EventTypePattern[] patterns) => string.Join(", ", patterns.Select(p => p.ToString()));
}
