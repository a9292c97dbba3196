using Soldr.Client.Contracts;
using Soldr.Core.Management;

namespace Soldr.Admin.Apis;

/// <summary>The requests list's filters: checked, turned into a search, and described for the audit log.</summary>
internal static class RequestFilters
{
    public static Dictionary<string, string[]> Check(RequestFilter filter)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (filter.Outcome is not null && !RequestOutcomes.All.Contains(filter.Outcome, StringComparer.Ordinal))
        {
            errors["outcome"] = [$"The outcome must be one of {string.Join(", ", RequestOutcomes.All)}."];
        }

        if (filter.Status is < 100 or > 599)
        {
            errors["status"] = ["The status must be an HTTP status code (100-599)."];
        }

        if (filter is { From: { } from, To: { } to } && to < from)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }

        return errors;
    }

    // The same instant in UTC: PostgreSQL's timestamptz takes no other offset from Npgsql.
    public static RequestSearch Search(RequestFilter filter) =>
        new(
            filter.Webhook,
            filter.Outcome,
            filter.DestinationId,
            filter.From?.ToUniversalTime(),
            filter.To?.ToUniversalTime(),
            filter.Status,
            filter.EventType);

    /// <summary>The filters that were set, e.g. <c>webhook=shop, outcome=failed</c>; <c>every request</c> when none was.</summary>
    public static string Describe(RequestFilter filter)
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={value}");
            }
        }

        Add("webhook", filter.Webhook);
        Add("outcome", filter.Outcome);
        Add("destinationId", filter.DestinationId);
        Add("from", filter.From?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("status", filter.Status);
        Add("eventType", filter.EventType);
        return parts.Count == 0 ? "every request" : string.Join(", ", parts);
    }
}
