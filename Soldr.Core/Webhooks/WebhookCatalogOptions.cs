using Soldr.Client.Contracts;

namespace Soldr.Core.Webhooks;

/// <summary>
/// Webhooks declared in configuration (<c>Soldr:Webhooks:&lt;name&gt;:Destinations:&lt;i&gt;:Url</c>), upserted
/// at start-up. Webhooks created through the management API live only in the database.
/// </summary>
public sealed class WebhookCatalogOptions
{
    public const string Section = "Soldr";

    public Dictionary<string, WebhookDefinition> Webhooks { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>Soldr:Webhooks:&lt;name&gt;</c>: the webhook's settings sit beside its destinations.</summary>
public sealed class WebhookDefinition
{
    public bool Enabled { get; set; } = true;

    public RetrySettings? Retry { get; set; }

    public TimeSpan? Timeout { get; set; }

    public int? ResponseStatus { get; set; }

    public int? RetentionDays { get; set; }

    public VerificationSettings? Verification { get; set; }

    public DeduplicationSettings? Deduplication { get; set; }

    public EventTypeSettings? EventType { get; set; }

    public List<RateWindow>? IngestLimits { get; set; }

    public List<DestinationDefinition> Destinations { get; } = [];

    public WebhookSettings ToSettings() => new()
    {
        Retry = Retry,
        Timeout = Timeout,
        ResponseStatus = ResponseStatus,
        RetentionDays = RetentionDays,
        Verification = Verification,
        Deduplication = Deduplication,
        EventType = EventType,
        IngestLimits = IngestLimits,
    };
}

public sealed class DestinationDefinition
{
    public string? Url { get; set; }

    public bool Enabled { get; set; } = true;

    public RetrySettings? Retry { get; set; }

    public TimeSpan? Timeout { get; set; }

    public bool? AppendPath { get; set; }

    public List<string>? AllowedMethods { get; set; }

    public List<string>? ForwardHeaders { get; set; }

    public SigningSettings? Signing { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public BasicAuthSettings? BasicAuth { get; set; }

    public TlsSettings? Tls { get; set; }

    public DestinationFilter? Filter { get; set; }

    public DestinationSettings ToSettings() => new()
    {
        Filter = Filter,
        Signing = Signing,
        Headers = Headers,
        BasicAuth = BasicAuth,
        Tls = Tls,
        Retry = Retry,
        Timeout = Timeout,
        AppendPath = AppendPath,
        AllowedMethods = AllowedMethods,
        ForwardHeaders = ForwardHeaders,
    };
}
