using System.Collections.Frozen;
using System.Text;
using Soldr.Client.Contracts;
using Soldr.Core.Signing;
using Soldr.Core.Webhooks;

namespace Soldr.Core.Deliveries;

/// <summary>
/// What a destination adds to every attempt on its own account, decoded once from its settings: the keys it
/// signs with, its static headers, its Basic credentials and its TLS settings. <see cref="Refusal"/> says why
/// nothing may be sent when stored settings cannot be honoured: validation keeps such settings out, but an
/// old row may hold one, and sending it unsigned or without its credentials would be a silent downgrade.
/// </summary>
public sealed class OutboundTrust
{
    public static readonly OutboundTrust None = new(null, false, [], null, null, null);

    private readonly FrozenSet<string> _headerNames;

    public OutboundTrust(
        SigningKeys? signing,
        bool keepProviderHeaders,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string? basicAuthorization,
        DestinationTls? tls,
        string? refusal)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Signing = signing;
        KeepProviderHeaders = keepProviderHeaders;
        Headers = headers;
        BasicAuthorization = basicAuthorization;
        Tls = tls;
        Refusal = refusal;
        _headerNames = headers.Select(h => h.Key).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The signing keys; null when attempts are not signed.</summary>
    public SigningKeys? Signing { get; }

    /// <summary>
    /// <c>keep</c>: a request that arrived with Standard Webhooks headers is passed on with the provider's own,
    /// unsigned by Soldr. Otherwise (<c>replace</c>) Soldr's signature takes their place.
    /// </summary>
    public bool KeepProviderHeaders { get; }

    /// <summary>Headers set on every attempt, in the order configured; they replace a sender's of the same name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary><c>Basic base64(user:password)</c>, or null.</summary>
    public string? BasicAuthorization { get; }

    public DestinationTls? Tls { get; }

    public string? Refusal { get; }

    /// <summary>Whether <see cref="Headers"/> sets <paramref name="name"/>, in any letter case.</summary>
    public bool HasHeader(string name) => _headerNames.Contains(name);

    public static OutboundTrust From(DestinationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var refusal = ReadSigning(settings.Signing, out var signing, out var keep);
        string? basic = null;
        if (settings.BasicAuth is { } auth)
        {
            if (auth.Username is null || auth.Password is null)
            {
                refusal ??= "the destination's basic auth needs both a user name and a password";
            }
            else
            {
                // RFC 7617: user-id ":" password, in UTF-8, base64-encoded.
                basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(auth.Username + ":" + auth.Password));
            }
        }

        var headers = settings.Headers?.ToArray() ?? [];
        return new OutboundTrust(signing, keep, headers, basic, DestinationTls.From(settings.Tls), refusal);
    }

    private static string? ReadSigning(SigningSettings? settings, out SigningKeys? keys, out bool keep)
    {
        keys = null;
        keep = false;

        // A signing section with a secret signs unless it is turned off; Enabled without a secret is refused
        // rather than sent unsigned.
        if (settings is null || !(settings.Enabled ?? settings.Secret is not null))
        {
            return null;
        }

        keep = string.Equals(settings.ProviderHeaders, OutboundTrustRules.Keep, StringComparison.OrdinalIgnoreCase);
        var current = StandardWebhookSecret.TryReadKey(settings.Secret);
        var previous = StandardWebhookSecret.TryReadKey(settings.PreviousSecret);
        if (current is null)
        {
            return "signing is on, but the destination's signing secret is missing or not valid";
        }

        if (settings.PreviousSecret is not null && previous is null)
        {
            return "the destination's previous signing secret is not valid";
        }

        keys = new SigningKeys(current, previous, settings.PreviousExpiresAt);
        return null;
    }
}
