namespace Soldr.Client.Contracts;

/// <summary>
/// A retry policy as configured on a webhook or a destination. Every value is optional: an unset value
/// falls back to the destination's webhook, then to <c>Soldr:Delivery</c>.
/// </summary>
public sealed class RetrySettings
{
    /// <summary>Delay before the first retry; each later retry doubles it.</summary>
    public TimeSpan? FirstDelay { get; set; }

    /// <summary>No retry waits longer than this, Retry-After included.</summary>
    public TimeSpan? MaxDelay { get; set; }

    /// <summary>Attempts in all, the first included; after the last failure the delivery is failed.</summary>
    public int? MaxAttempts { get; set; }
}
