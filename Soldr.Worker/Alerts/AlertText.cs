using System.Globalization;
using Soldr.Core.Alerts;
using Soldr.Core.Diagnostics;

namespace Soldr.Worker.Alerts;

/// <summary>The human words of a notice, shared by every channel. URLs are shown without credentials or path.</summary>
internal static class AlertText
{
    public static string Subject(AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var destination = LogSafeUrl.From(notice.DestinationUrl);
        if (notice.IsCircuit)
        {
            return notice.Kind switch
            {
                AlertNoticeKind.Opened => $"[Soldr] Circuit open: deliveries to {destination} are held (webhook '{notice.Webhook}')",
                AlertNoticeKind.Reminder => $"[Soldr] Circuit still open: deliveries to {destination} are held (webhook '{notice.Webhook}')",
                AlertNoticeKind.Disabled => $"[Soldr] Destination disabled: {destination} stayed unreachable (webhook '{notice.Webhook}')",
                _ => $"[Soldr] Recovered: deliveries to {destination} resume (webhook '{notice.Webhook}')",
            };
        }

        return notice.Kind switch
        {
            AlertNoticeKind.Opened => $"[Soldr] Deliveries to {destination} are failing (webhook '{notice.Webhook}')",
            AlertNoticeKind.Reminder => $"[Soldr] Still failing: deliveries to {destination} (webhook '{notice.Webhook}')",
            _ => $"[Soldr] Resolved: deliveries to {destination} succeed again (webhook '{notice.Webhook}')",
        };
    }

    public static string Body(AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var destination = LogSafeUrl.From(notice.DestinationUrl);
        var opened = notice.OpenedAt.ToString("u", CultureInfo.InvariantCulture);
        if (notice.IsCircuit)
        {
            return CircuitBody(notice, destination, opened);
        }

        return notice.Kind switch
        {
            AlertNoticeKind.Opened => $"Soldr gave up delivering a request of webhook '{notice.Webhook}' to {destination}: {notice.Reason}. " +
              $"Failed deliveries since {opened}: {notice.FailedDeliveries}. Further failures are counted into this alert; " +
              "a notice follows when a delivery to this destination succeeds again. Every attempt, with the destination's answer, " +
              "is recorded with its request in the management API.",
            AlertNoticeKind.Reminder => $"The alert for webhook '{notice.Webhook}' and {destination}, opened at {opened}, is still open: " +
              $"{Deliveries(notice.FailedDeliveries)} failed since (first: {notice.Reason}). This reminder repeats " +
              "until a delivery to this destination succeeds.",
            _ => $"A delivery of webhook '{notice.Webhook}' to {destination} succeeded at " +
              $"{notice.ResolvedAt?.ToString("u", CultureInfo.InvariantCulture)}; the alert opened at {opened} " +
              $"({Deliveries(notice.FailedDeliveries)} failed) is resolved.",
        };
    }

    private static string CircuitBody(AlertNotice notice, string destination, string opened) => notice.Kind switch
    {
        AlertNoticeKind.Opened => $"The circuit of {destination} (webhook '{notice.Webhook}') opened at {opened}: {notice.Reason}. " +
            $"Its deliveries are held, not failed: {Deliveries(notice.HeldDeliveries)} now. One is tried now and then as a probe; " +
            "when one succeeds the circuit closes, a notice follows, and the held deliveries are sent in the order received.",
        AlertNoticeKind.Reminder => $"The circuit of {destination} (webhook '{notice.Webhook}'), open since {opened}, is still open " +
            $"({notice.Reason}); {Deliveries(notice.HeldDeliveries)} held.",
        AlertNoticeKind.Disabled => $"The circuit of {destination} (webhook '{notice.Webhook}') stayed open since {opened}, so the destination " +
            $"is now disabled: no more probes. Its {Deliveries(notice.HeldDeliveries)} stay held; enabling the destination resumes them.",
        _ => $"The circuit of {destination} (webhook '{notice.Webhook}'), open since {opened}, closed at " +
            $"{notice.ResolvedAt?.ToString("u", CultureInfo.InvariantCulture)}: its held deliveries are being sent in the order received.",
    };

    private static string Deliveries(int count) =>
        count == 1 ? "1 delivery" : $"{count.ToString(CultureInfo.InvariantCulture)} deliveries";
}
