namespace Soldr.Core.Management;

/// <summary>
/// What a request's deliveries add up to, as the requests list shows and filters it: <c>received</c> (not
/// routed yet), <c>unverified</c> (failed verification, kept until an operator releases it), <c>duplicate</c>
/// (a repeat of an event already received, never delivered), <c>filtered</c> (no destination's filter took
/// it; a request some destinations took is judged by those), <c>unroutable</c> (no webhook or no destination), <c>pending</c> (some still to be sent),
/// <c>held</c> (waiting only for a disabled destination or webhook), <c>partial</c> (some succeeded, others
/// failed or were cancelled), <c>failed</c>, <c>succeeded</c> or <c>cancelled</c>. <see cref="RequestAdminStore"/>
/// computes it in SQL, for the list and the detail alike.
/// </summary>
public static class RequestOutcomes
{
    public static IReadOnlyList<string> All { get; } =
        ["pending", "held", "succeeded", "failed", "partial", "cancelled", "filtered", "unroutable", "received", "unverified", "duplicate"];
}
