namespace Soldr.Client.Contracts;

/// <summary>
/// Standard Webhooks signing of what Soldr sends to a destination. A secret set here (or generated: see
/// <c>POST /api/destinations/{id}/signing-secret</c>) is never shown back: the API answers <c>***</c>.
/// </summary>
public sealed class SigningSettings
{
    /// <summary>
    /// Whether attempts are signed. Set with no <see cref="Secret"/>, a secret is generated, shown once in
    /// the answer that generated it.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary><c>whsec_</c> and the base64 of 24 to 64 random bytes.</summary>
    public string? Secret { get; set; }

    /// <summary>The secret before the last rotation, still signed with until <see cref="PreviousExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousExpiresAt { get; set; }

    /// <summary>
    /// When the provider already sent Standard Webhooks headers: <c>replace</c> (default) signs with Soldr's
    /// secret in their place; <c>keep</c> passes the provider's untouched and adds no signature.
    /// </summary>
    public string? ProviderHeaders { get; set; }
}

/// <summary>User name and password sent as <c>Authorization: Basic</c>; the password is shown as <c>***</c>.</summary>
public sealed class BasicAuthSettings
{
    public string? Username { get; set; }

    public string? Password { get; set; }
}

/// <summary>TLS towards one destination, in PEM. The private key is shown as <c>***</c>.</summary>
public sealed class TlsSettings
{
    /// <summary>CA certificates trusted for this destination, beside the system's.</summary>
    public string? CaCertificates { get; set; }

    /// <summary>The client certificate presented for mutual TLS (its chain may follow it).</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>The client certificate's private key.</summary>
    public string? ClientKey { get; set; }
}
