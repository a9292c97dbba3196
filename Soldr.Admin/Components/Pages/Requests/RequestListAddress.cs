using System.Globalization;
using Soldr.Client.Contracts;

namespace Soldr.Admin.Components.Pages.Requests;

/// <summary>The requests list's filters as an address: what the page puts in the URL and reads back from it.</summary>
public static class RequestListAddress
{
    // The datetime-local inputs' own format: minutes, UTC as the labels say.
    private const string Format = "yyyy-MM-dd'T'HH:mm";

    public static DateTime? Parse(string? text) =>
        DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            || DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out at)
            ? at
            : null;

    public static string ListUrl(RequestFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var pairs = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("webhook", filter.Webhook);
        Add("outcome", filter.Outcome);
        Add("eventType", filter.EventType);
        Add("status", filter.Status?.ToString(CultureInfo.InvariantCulture));
        Add("from", filter.From?.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
        Add("to", filter.To?.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
        return pairs.Count == 0 ? "/requests" : "/requests?" + string.Join('&', pairs);
    }
}
