using System.Collections.Frozen;
using Soldr.Client.Contracts;
using Soldr.Core.Flow;
using Soldr.Core.Routing;
using Soldr.Core.Webhooks;

namespace Soldr.Core.Deliveries;

/// <summary>
/// The policy one delivery is sent under, after destination, webhook and service-wide settings are merged.
/// <see cref="AllowedMethods"/> (exact, upper case) and <see cref="ForwardHeaders"/> (any letter case) are
/// the destination's own; null accepts any method and passes every sender header but hop-by-hop ones.
/// <see cref="Outbound"/> is what the destination adds itself (signing, headers, credentials, TLS); null, nothing.
/// <see cref="Filter"/> is which requests it takes; null, all. <see cref="RateLimit"/> null, no limit;
/// <see cref="Circuit"/> null, no circuit breaker; <see cref="Sequential"/>, one delivery at a time in order.
/// </summary>
public sealed record DeliveryPolicy(
    TimeSpan FirstRetryDelay,
    TimeSpan MaxRetryDelay,
    int MaxAttempts,
    TimeSpan Timeout,
    bool AppendPath,
    FrozenSet<string>? AllowedMethods = null,
    FrozenSet<string>? ForwardHeaders = null,
    OutboundTrust? Outbound = null,
    DeliveryFilter? Filter = null,
    RateLimitPolicy? RateLimit = null,
    CircuitPolicy? Circuit = null,
    bool Sequential = false)
{
    /// <summary>Each value comes from the destination if it sets it, else from the webhook, else from the defaults.</summary>
    public static DeliveryPolicy Resolve(DeliveryOptions defaults, WebhookSettings webhook, DestinationSettings destination)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(destination);
        var first = destination.Retry?.FirstDelay ?? webhook.Retry?.FirstDelay ?? defaults.FirstRetryDelay;
        var max = destination.Retry?.MaxDelay ?? webhook.Retry?.MaxDelay ?? defaults.MaxRetryDelay;
        return new DeliveryPolicy(
            FirstRetryDelay: first,
            // A first delay chosen above the default cap raises the cap rather than being cut by it.
            MaxRetryDelay: max < first ? first : max,
            MaxAttempts: destination.Retry?.MaxAttempts ?? webhook.Retry?.MaxAttempts ?? defaults.MaxAttempts,
            Timeout: destination.Timeout ?? webhook.Timeout ?? defaults.Timeout,
            AppendPath: destination.AppendPath ?? true,
            AllowedMethods: destination.AllowedMethods?.ToFrozenSet(StringComparer.Ordinal),
            ForwardHeaders: destination.ForwardHeaders?.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            Outbound: OutboundTrust.From(destination),
            Filter: DeliveryFilter.From(destination.Filter),
            RateLimit: RateLimitPolicy.From(destination.RateLimit),
            Circuit: CircuitPolicy.From(destination.Circuit),
            Sequential: destination.Ordering == DeliveryOrdering.Sequential);
    }
}
