using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Components.Pages.Webhooks;

/// <summary>
/// The editable shape of a webhook. Settings the form does not show (the longest retry delay, a
/// destination's own policy) are carried over untouched, so saving never resets them.
/// </summary>
public sealed class WebhookForm
{
    private WebhookSettings _original = new();

    public string Name { get; set; } = string.Empty;

    public bool Enabled { get; set; } = true;

    /// <summary><c>high</c>, <c>normal</c> or <c>low</c>: whose deliveries are claimed first when workers are behind.</summary>
    public string Priority { get; set; } = WebhookPriority.Normal;

    public List<DestinationRow> Destinations { get; } = [new()];

    public double? FirstDelaySeconds { get; set; }

    public int? MaxAttempts { get; set; }

    public double? TimeoutSeconds { get; set; }

    public int? ResponseStatus { get; set; }

    public int? RetentionDays { get; set; }

    public VerificationFields Inbound { get; private set; } = new();

    /// <summary><c>header</c>, <c>jsonPath</c> or empty: where each request's event type is read.</summary>
    public string EventTypeSource { get; set; } = string.Empty;

    public string EventTypeFrom { get; set; } = string.Empty;

    /// <summary>Ingest limits, one a line: <c>3 per 00:00:06</c>.</summary>
    public string IngestLimits { get; set; } = string.Empty;

    public static WebhookForm From(WebhookView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var form = new WebhookForm
        {
            _original = view.Settings ?? new(),
            Name = view.Name,
            Enabled = view.Enabled,
            Priority = view.Settings?.Priority ?? WebhookPriority.Normal,
            FirstDelaySeconds = view.Settings?.Retry?.FirstDelay?.TotalSeconds,
            MaxAttempts = view.Settings?.Retry?.MaxAttempts,
            TimeoutSeconds = view.Settings?.Timeout?.TotalSeconds,
            ResponseStatus = view.Settings?.ResponseStatus,
            RetentionDays = view.Settings?.RetentionDays,
            Inbound = VerificationFields.From(view.Settings ?? new()),
            EventTypeSource = view.Settings?.EventType?.Header is not null ? "header"
                : view.Settings?.EventType?.JsonPath is not null ? "jsonPath" : string.Empty,
            EventTypeFrom = view.Settings?.EventType?.Header ?? view.Settings?.EventType?.JsonPath ?? string.Empty,
            IngestLimits = string.Join('\n', (view.Settings?.IngestLimits ?? []).Select(w =>
                FormattableString.Invariant($"{w.Count} per {w.Per:c}"))),
        };
        form.Destinations.Clear();
        form.Destinations.AddRange(view.Destinations.Select(d => new DestinationRow
        {
            Id = d.Id,
            Url = d.Url,
            Enabled = d.Enabled,
            Settings = d.Settings,
            Trust = DestinationTrustFields.From(d.Settings),
            Filter = DestinationFilterFields.From(d.Settings?.Filter),
            Flow = DestinationFlowFields.From(d.Settings),
        }));
        return form;
    }

    public static WebhookInput ToInput(WebhookView view, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(view);
        var form = From(view);
        form.Enabled = enabled;
        return form.ToInput();
    }

    public WebhookInput ToInput()
    {
        var retry = new RetrySettings
        {
            FirstDelay = FirstDelaySeconds is { } delay ? TimeSpan.FromSeconds(delay) : null,
            MaxDelay = _original.Retry?.MaxDelay,
            MaxAttempts = MaxAttempts,
        };
        var settings = new WebhookSettings
        {
            Retry = retry is { FirstDelay: null, MaxDelay: null, MaxAttempts: null } ? null : retry,
            Timeout = TimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : null,
            ResponseStatus = ResponseStatus,
            RetentionDays = RetentionDays,
            Verification = Inbound.ToVerification(),
            Deduplication = Inbound.ToDeduplication(),
            EventType = EventTypeSource.Length == 0
                ? null
                : new EventTypeSettings
                {
                    Header = EventTypeSource == "header" ? EventTypeFrom.Trim() : null,
                    JsonPath = EventTypeSource == "jsonPath" ? EventTypeFrom.Trim() : null,
                },
            IngestLimits = RateLines(IngestLimits),
            Priority = DestinationFlowFields.Choice(Priority, WebhookPriority.Normal, _original.Priority),
        };
        return new WebhookInput(
            Name.Trim(),
            Enabled,
            settings,
            [.. Destinations.Where(d => !string.IsNullOrWhiteSpace(d.Url)).Select(d =>
                new DestinationInput(d.Url.Trim(), d.Enabled, d.ToSettings()))]);
    }

    // "3 per 00:00:06"; a line that is not one gives a window the API refuses by its position.
    private static List<RateWindow>? RateLines(string text)
    {
        var windows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is [var count, "per", var per]
                && int.TryParse(count, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && TimeSpan.TryParse(per, System.Globalization.CultureInfo.InvariantCulture, out var span)
                ? new RateWindow { Count = n, Per = span }
                : new RateWindow();
        }).ToList();
        return windows.Count == 0 ? null : windows;
    }

    /// <summary>Mistakes caught before calling the API, keyed like the API's own field errors.</summary>
    public Dictionary<string, string[]> Check()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors["name"] = ["Give the webhook a name: it becomes part of its ingest URL."];
        }
        else if (!WebhookName.IsValid(Name.Trim()))
        {
            errors["name"] = [$"Use {WebhookName.Rule}: the name becomes the first label of its ingest host."];
        }

        for (var i = 0; i < Destinations.Count; i++)
        {
            var url = Destinations[i].Url.Trim();
            if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                errors[$"destinations[{i}].url"] = ["Enter an absolute http:// or https:// URL."];
            }

            DestinationTrustFields.ParseHeaders(Destinations[i].Trust.Headers, out var bad);
            if (bad is not null)
            {
                errors[$"destinations[{i}].settings.headers"] = [$"Write one header a line as Name: value; '{bad}' is not."];
            }

            foreach (var (field, message) in Destinations[i].Flow.Check())
            {
                errors[$"destinations[{i}].settings.{field}"] = [message];
            }
        }

        return errors;
    }
}

public sealed class DestinationRow
{
    /// <summary>Null until the destination is saved.</summary>
    public long? Id { get; set; }

    public string Url { get; set; } = string.Empty;

    public bool Enabled { get; set; } = true;

    public DestinationSettings? Settings { get; set; }

    public DestinationTrustFields Trust { get; set; } = new();

    public DestinationFilterFields Filter { get; set; } = new();

    public DestinationFlowFields Flow { get; set; } = new();

    /// <summary>The destination's settings with the form's trust, filter and flow fields written in.</summary>
    public DestinationSettings ToSettings()
    {
        var settings = Trust.ApplyTo(Settings);
        settings.Filter = Filter.ToFilter();
        Flow.ApplyTo(settings);
        return settings;
    }
}
