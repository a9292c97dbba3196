using Soldr.Core.Deliveries;

namespace Soldr.Core.Management;

/// <summary>
/// What a request's deliveries add up to, as the requests list shows and filters it: <c>received</c> (not
/// routed yet), <c>unverified</c> (failed verification, kept until an operator releases it), <c>duplicate</c>
/// (a repeat of an event already received, never delivered), <c>filtered</c> (no destination's filter took
/// it; a request some destinations took is judged by those), <c>unroutable</c> (no webhook or no destination), <c>pending</c> (some still to be sent),
/// <c>held</c> (waiting only for a disabled destination or webhook), <c>partial</c> (some succeeded, others
/// failed or were cancelled), <c>failed</c>, <c>succeeded</c> or <c>cancelled</c>. The SQL of
/// <see cref="RequestAdminStore"/> computes the same for the list.
/// </summary>
public static class RequestOutcomes
{
    public static IReadOnlyList<string> All { get; } =
        ["pending", "held", "succeeded", "failed", "partial", "cancelled", "filtered", "unroutable", "received", "unverified", "duplicate"];

    public static string Of(string requestState, IReadOnlyCollection<string> deliveryStates)
    {
        ArgumentNullException.ThrowIfNull(deliveryStates);
        int Count(string state) => deliveryStates.Count(s => s == state);
        var succeeded = Count(DeliveryState.Succeeded);
        var filtered = Count(DeliveryState.Filtered);
        return requestState switch
        {
            "received" or "unverified" or "duplicate" => requestState,
            _ when requestState == "unroutable" || deliveryStates.Count == 0 => "unroutable",
            _ when filtered == deliveryStates.Count => "filtered",
            _ when Count(DeliveryState.Pending) > 0 => "pending",
            _ when Count(DeliveryState.Held) > 0 => "held",
            _ when succeeded > 0 && succeeded < deliveryStates.Count - filtered => "partial",
            _ when Count(DeliveryState.Failed) > 0 => "failed",
            _ when succeeded > 0 => "succeeded",
            _ => "cancelled",
        };
    }
}
