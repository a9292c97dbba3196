namespace Soldr.Core.Deliveries;

/// <summary>The values of <c>deliveries.state</c>.</summary>
public static class DeliveryState
{
    public const string Pending = "pending";

    /// <summary>Waiting for its destination and webhook to be enabled again; never claimed meanwhile.</summary>
    public const string Held = "held";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>Stopped by an operator before it succeeded or was given up.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Not for its destination: the request did not match the destination's filter. Never sent.</summary>
    public const string Filtered = "filtered";
}
