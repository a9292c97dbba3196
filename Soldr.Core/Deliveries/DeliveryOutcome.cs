namespace Soldr.Core.Deliveries;

/// <summary>What an attempt means for its delivery: done, try again at <see cref="RetryAt"/>, or given up.</summary>
public sealed record DeliveryOutcome(string State, DateTimeOffset? RetryAt, string? FailureReason)
{
    public static DeliveryOutcome Succeeded { get; } = new(DeliveryState.Succeeded, null, null);

    public static DeliveryOutcome Retry(DateTimeOffset at) => new(DeliveryState.Pending, at, null);

    public static DeliveryOutcome Failed(string reason) => new(DeliveryState.Failed, null, reason);

    /// <summary>Not sent: the request does not match the destination's filter, for <paramref name="reason"/>.</summary>
    public static DeliveryOutcome Filtered(string reason) => new(DeliveryState.Filtered, null, reason);
}
