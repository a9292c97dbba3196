namespace Soldr.Core.Deliveries;

/// <summary>The values of <c>deliveries.state</c>.</summary>
public static class DeliveryState
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
