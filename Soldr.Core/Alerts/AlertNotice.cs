namespace Soldr.Core.Alerts;

/// <summary>A notice still to send: an alert was opened, is still open (a reminder), or was resolved.</summary>
public sealed record AlertNotice(
    long AlertId,
    AlertNoticeKind Kind,
    string Webhook,
    string DestinationUrl,
    string Reason,
    int FailedDeliveries,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt);

public enum AlertNoticeKind
{
    Opened,
    Reminder,
    Resolved,
}
