using System.Text.Json;
using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>
/// Checks a webhook as posted, with the same rules configuration uses (<see cref="WebhookName"/>,
/// <see cref="SettingsRules"/>), and names each field at fault as the JSON body spells it, e.g.
/// <c>destinations[0].url</c> or <c>settings.retry.maxAttempts</c>.
/// </summary>
internal static class WebhookValidation
{
    public static Dictionary<string, string[]> Check(WebhookInput input)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!WebhookName.IsValid(input.Name))
        {
            Add(errors, "name", $"The name must be {WebhookName.Rule}.");
        }

        if (input.Settings is not null)
        {
            AddRules(errors, "settings", failures => SettingsRules.Check(input.Settings, string.Empty, failures));
        }

        var destinations = input.Destinations ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < destinations.Count; i++)
        {
            var destination = destinations[i];
            var field = $"destinations[{i}]";
            if (!IsHttpUrl(destination.Url))
            {
                Add(errors, $"{field}.url", "The URL must be an absolute http or https URL.");
            }
            else if (!seen.Add(destination.Url))
            {
                Add(errors, $"{field}.url", "The URL appears twice; destinations are matched by URL.");
            }

            if (destination.Settings is not null)
            {
                AddRules(errors, $"{field}.settings", failures => SettingsRules.Check(destination.Settings, string.Empty, failures, destination.Url));
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Adds failures named the configuration way to <paramref name="errors"/>, keyed the JSON way under <paramref name="prefix"/>.</summary>
    public static void AddRuleFailures(Dictionary<string, string[]> errors, string prefix, List<string> failures)
    {
        var named = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        AddNamed(named, prefix, failures);
        foreach (var (field, messages) in named)
        {
            errors[field] = [.. errors.GetValueOrDefault(field, []), .. messages];
        }
    }

    private static void AddRules(Dictionary<string, List<string>> errors, string prefix, Action<List<string>> check)
    {
        var failures = new List<string>();
        check(failures);
        AddNamed(errors, prefix, failures);
    }

    // The rules name keys the configuration way ("Retry:MaxAttempts must be ..."); the API names them the JSON way.
    // A header name in a key ("Headers:X-Token") is kept as written.
    private static void AddNamed(Dictionary<string, List<string>> errors, string prefix, List<string> failures)
    {
        foreach (var failure in failures)
        {
            var parts = failure.Split(' ', 2)[0].Split(':');
            var path = string.Join('.', parts.Select((part, i) =>
                i > 0 && parts[i - 1] == "Headers" ? part : JsonNamingPolicy.CamelCase.ConvertName(part)));
            Add(errors, $"{prefix}.{path}", failure);
        }
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }
}
