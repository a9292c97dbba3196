namespace Soldr.Client.Contracts;

/// <summary>
/// A webhook's settings, stored as JSON in <c>webhooks.settings</c>. Unset values take the service-wide
/// defaults, so changing a default changes every webhook that did not choose otherwise.
/// </summary>
public class WebhookSettings
{
    public RetrySettings? Retry { get; set; }

    /// <summary>How long one send may take before it counts as a timeout.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The 2xx status ingest answers with (202 when unset).</summary>
    public int? ResponseStatus { get; set; }

    /// <summary>Days its requests, deliveries and attempts are kept.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>How ingest checks that a request came from the provider.</summary>
    public VerificationSettings? Verification { get; set; }

    /// <summary>Which requests are repeats of one already received.</summary>
    public DeduplicationSettings? Deduplication { get; set; }

    /// <summary>Where each request's event type is read from.</summary>
    public EventTypeSettings? EventType { get; set; }

    /// <summary>
    /// How many requests ingest takes for this webhook, across all ingest replicas; past a limit it answers
    /// 429 with Retry-After and saves nothing. Unset, no limit.
    /// </summary>
    public List<RateWindow>? IngestLimits { get; set; }

    /// <summary>
    /// <c>high</c>, <c>normal</c> (the default) or <c>low</c>: when a worker is behind (a destination's line is
    /// full), a high-priority webhook's due deliveries are claimed ahead of others due up to a minute earlier,
    /// a low one's behind them.
    /// </summary>
    public string? Priority { get; set; }
}
