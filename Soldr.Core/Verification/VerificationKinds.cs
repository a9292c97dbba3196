namespace Soldr.Core.Verification;

/// <summary>The values of <c>Verification:Kind</c>, matched without regard to case.</summary>
public static class VerificationKinds
{
    public const string Stripe = "stripe";
    public const string GitHub = "github";
    public const string Shopify = "shopify";
    public const string StandardWebhooks = "standard-webhooks";
    public const string Hmac = "hmac";
    public const string Bearer = "bearer";
    public const string Basic = "basic";

    public static readonly IReadOnlyList<string> All = [Stripe, GitHub, Shopify, StandardWebhooks, Hmac, Bearer, Basic];

    /// <summary>The kind as written in <see cref="All"/>, or null when <paramref name="kind"/> is none of them.</summary>
    public static string? Find(string? kind) =>
        All.FirstOrDefault(k => string.Equals(k, kind?.Trim(), StringComparison.OrdinalIgnoreCase));
}
