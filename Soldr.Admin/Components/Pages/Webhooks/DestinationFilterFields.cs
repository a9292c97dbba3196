using Soldr.Client.Contracts;

namespace Soldr.Admin.Components.Pages.Webhooks;

/// <summary>
/// A destination's filter as the form edits it: event-type patterns, one a line or separated by commas, and
/// body conditions, one a line: <c>$.path = value</c>, <c>$.path exists</c> or <c>$.path missing</c>.
/// </summary>
public sealed class DestinationFilterFields
{
    private const string ExistsWord = " exists";
    private const string MissingWord = " missing";

    public string EventTypes { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public bool IsSet => EventTypes.Trim().Length > 0 || Body.Trim().Length > 0;

    public static DestinationFilterFields From(DestinationFilter? filter) => new()
    {
        EventTypes = string.Join('\n', filter?.EventTypes ?? []),
        Body = string.Join('\n', (filter?.Body ?? []).Select(c => c switch
        {
            { Exists: true } => c.Path + ExistsWord,
            { Exists: false } => c.Path + MissingWord,
            _ => $"{c.Path} = {c.Value}",
        })),
    };

    /// <summary>The filter; null when neither list has anything. A line that is none of the forms goes as a path alone, which the API names.</summary>
    public DestinationFilter? ToFilter()
    {
        var types = EventTypes.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var body = Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Condition).ToList();
        return types.Count == 0 && body.Count == 0
            ? null
            : new DestinationFilter { EventTypes = types.Count == 0 ? null : types, Body = body.Count == 0 ? null : body };
    }

    private static BodyCondition Condition(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            return new BodyCondition { Path = line[..equals].Trim(), Value = line[(equals + 1)..].Trim() };
        }

        if (line.EndsWith(ExistsWord, StringComparison.Ordinal))
        {
            return new BodyCondition { Path = line[..^ExistsWord.Length].Trim(), Exists = true };
        }

        return line.EndsWith(MissingWord, StringComparison.Ordinal)
            ? new BodyCondition { Path = line[..^MissingWord.Length].Trim(), Exists = false }
            : new BodyCondition { Path = line };
    }
}
