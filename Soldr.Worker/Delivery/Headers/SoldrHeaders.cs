namespace Soldr.Worker.Delivery.Headers;

/// <summary>
/// Headers Soldr sets on every delivery itself. A sender's own, in any letter case, are dropped: they would
/// let it claim another origin, or spoof the request id and attempt receivers rely on.
/// </summary>
internal static class SoldrHeaders
{
    public const string RequestId = "Soldr-Request-Id";
    public const string Attempt = "Soldr-Attempt";
    public const string WebhookId = "webhook-id";
    public const string RealIp = "X-Real-IP";
    public const string Forwarded = "Forwarded";
    public const string ForwardedFor = "X-Forwarded-For";
    public const string ForwardedHost = "X-Forwarded-Host";
    public const string ForwardedProto = "X-Forwarded-Proto";
    public const string ForwardedPort = "X-Forwarded-Port";

    /// <summary>Whether Soldr sets <paramref name="name"/>: every <c>X-Forwarded-*</c> header counts.</summary>
    public static bool Contains(string name) =>
        name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
        || name.Equals(Forwarded, StringComparison.OrdinalIgnoreCase)
        || name.Equals(RealIp, StringComparison.OrdinalIgnoreCase)
        || name.Equals(RequestId, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Attempt, StringComparison.OrdinalIgnoreCase);
}
