namespace Soldr.Client.Contracts;

/// <summary>
/// How ingest checks that a request came from the webhook's provider (<c>Soldr:Webhooks:&lt;name&gt;:Verification</c>).
/// <see cref="Kind"/> picks the scheme; <see cref="AllowedNetworks"/> and <see cref="AllowedOrigins"/> apply
/// whatever the kind, and with no kind are the whole check. Secrets are never shown back: the API
/// answers <c>***</c> for a set one, and <c>***</c> sent back keeps it.
/// </summary>
public sealed class VerificationSettings
{
    /// <summary>
    /// <c>stripe</c>, <c>github</c>, <c>shopify</c>, <c>standard-webhooks</c>, <c>hmac</c>, <c>bearer</c> or
    /// <c>basic</c>; unset, only the allow-lists are checked.
    /// </summary>
    public string? Kind { get; set; }

    /// <summary>
    /// The shared secret: the signing secret for the HMAC kinds (<c>whsec_...</c> for Stripe and Standard
    /// Webhooks), the token for <c>bearer</c>, <c>user:password</c> for <c>basic</c>.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>A second secret accepted beside <see cref="Secret"/> while a provider rotates it.</summary>
    public string? PreviousSecret { get; set; }

    /// <summary>The header carrying the signature: required for <c>hmac</c>; the provider's own by default.</summary>
    public string? Header { get; set; }

    /// <summary>How far a signed timestamp may be from now (<c>stripe</c>, <c>standard-webhooks</c>); 5 minutes by default.</summary>
    public TimeSpan? Tolerance { get; set; }

    /// <summary><c>hmac</c>: <c>sha256</c> (default), <c>sha512</c> or <c>sha1</c>.</summary>
    public string? Algorithm { get; set; }

    /// <summary><c>hmac</c>: how the signature is written, <c>hex</c> (default) or <c>base64</c>.</summary>
    public string? Encoding { get; set; }

    /// <summary><c>hmac</c>: text before the signature in the header, e.g. <c>sha256=</c>.</summary>
    public string? Prefix { get; set; }

    /// <summary>Source networks (CIDR or single addresses) requests may come from; unset, any.</summary>
    public List<string>? AllowedNetworks { get; set; }

    /// <summary>Values the <c>Origin</c> header may have; unset, any (or none).</summary>
    public List<string>? AllowedOrigins { get; set; }

    /// <summary>
    /// <c>reject</c> (default): answered 401 and not saved. <c>flag</c>: saved as unverified and not delivered
    /// until an operator releases it.
    /// </summary>
    public string? OnFailure { get; set; }
}
