using Soldr.Client.Contracts;

namespace Soldr.Admin.Components.Pages.Requests;

/// <summary>What a re-send or cancellation did, in the words the request page shows: which deliveries, to where.</summary>
public static class ChangeNotices
{
    public static string Resent(DeliveriesChanged result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var parts = new List<string>();
        var queued = result.Deliveries.Where(d => d.Changed && d.State == "pending").ToList();
        var held = result.Deliveries.Where(d => d.Changed && d.State == "held").ToList();
        var sending = result.Deliveries.Where(d => !d.Changed && d.InFlight).ToList();
        if (queued.Count > 0)
        {
            parts.Add($"Queued to be sent now: {To(queued)}.");
        }

        if (held.Count > 0)
        {
            parts.Add($"Held until enabled again or the circuit closes: {To(held)}.");
        }

        if (sending.Count > 0)
        {
            parts.Add($"Being sent right now, left to finish: {To(sending)}.");
        }

        if (result.Rerouted)
        {
            parts.Add("The request goes back to routing: it is delivered if its webhook now exists.");
        }

        return parts.Count == 0 ? "Nothing was queued: this request has no delivery to send." : string.Join(" ", parts);
    }

    public static string Cancelled(DeliveriesChanged result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cancelled = result.Deliveries.Where(d => d.Changed).ToList();
        if (cancelled.Count == 0)
        {
            return "Nothing was cancelled: the delivery had already finished.";
        }

        var text = $"Cancelled: {To(cancelled)}.";
        var sending = cancelled.Where(d => d.InFlight).ToList();
        return sending.Count == 0
            ? text
            : text + $" Being sent right now: {To(sending)}; that attempt is still recorded, and no further one is made.";
    }

    private static string To(IEnumerable<DeliveryChangeView> deliveries) => string.Join(", ", deliveries.Select(d => d.Destination));
}
