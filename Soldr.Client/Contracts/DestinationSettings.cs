namespace Soldr.Client.Contracts;

/// <summary>A destination's own settings, stored as JSON in <c>destinations.settings</c>; they override its webhook's.</summary>
public class DestinationSettings
{
    public RetrySettings? Retry { get; set; }

    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Whether the sub-path and query the provider used are appended to the destination URL (the
    /// default). Off, every request goes to the destination URL exactly as written.
    /// </summary>
    public bool? AppendPath { get; set; }

    /// <summary>
    /// The methods this destination accepts (upper-case, e.g. <c>POST</c>); unset, any. A request with
    /// another method is refused for this destination, recorded and not retried.
    /// </summary>
    public List<string>? AllowedMethods { get; set; }

    /// <summary>
    /// The sender's headers that are passed on, by name in any letter case; unset, all but hop-by-hop
    /// ones. Headers Soldr sets itself (forwarding, request id, attempt) are never taken from the sender.
    /// </summary>
    public List<string>? ForwardHeaders { get; set; }

    /// <summary>Standard Webhooks signing of every attempt.</summary>
    public SigningSettings? Signing { get; set; }

    /// <summary>
    /// Headers added to every attempt, e.g. <c>Authorization: Bearer ...</c>. Values are secrets: the API
    /// shows <c>***</c>, and <c>***</c> sent back keeps the stored value. They replace a sender's header of
    /// the same name.
    /// </summary>
    public Dictionary<string, string>? Headers { get; set; }

    public BasicAuthSettings? BasicAuth { get; set; }

    public TlsSettings? Tls { get; set; }

    /// <summary>Which requests this destination receives; unset, all of them.</summary>
    public DestinationFilter? Filter { get; set; }

    /// <summary>How fast it is sent to, across every worker; unset, as fast as its concurrency allows.</summary>
    public RateLimitSettings? RateLimit { get; set; }

    /// <summary>When it stops being tried because it keeps failing; unset, the defaults.</summary>
    public CircuitSettings? Circuit { get; set; }

    /// <summary><c>parallel</c> (the default) or <c>sequential</c>, see <see cref="DeliveryOrdering"/>.</summary>
    public string? Ordering { get; set; }
}
