namespace Soldr.Core.Alerts;

/// <summary>
/// A notice still to send: an alert was opened, is still open (a reminder), was resolved, or (a circuit
/// alert) staying open disabled its destination. <see cref="IsCircuit"/>: the destination's circuit opened,
/// rather than a delivery being given up.
/// </summary>
public sealed record AlertNotice(
    long AlertId,
    AlertNoticeKind Kind,
    string Webhook,
    string DestinationUrl,
    string Reason,
    int FailedDeliveries,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    bool IsCircuit = false,
    int HeldDeliveries = 0);

public enum AlertNoticeKind
{
    Opened,
    Reminder,
    Resolved,
    Disabled,
}
