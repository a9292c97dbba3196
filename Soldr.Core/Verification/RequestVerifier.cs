using System.Net;
using Soldr.Client.Contracts;

namespace Soldr.Core.Verification;

/// <summary>
/// Checks that a request came from a webhook's provider, as its <see cref="VerificationSettings"/> say:
/// the allowed networks, then the allowed origins, then the kind's signature or credentials. Pure: the
/// caller supplies the clock, and nothing is logged. Secrets and signatures are compared in constant time
/// and never appear in a result.
/// </summary>
public static class RequestVerifier
{
    /// <summary>The <see cref="VerificationResult.Method"/> when nothing is configured.</summary>
    public const string None = "none";

    /// <summary>The <see cref="VerificationResult.Method"/> when the settings cannot be applied.</summary>
    public const string Configuration = "configuration";

    /// <summary>Whether <paramref name="settings"/> ask for any check: a kind or a non-empty allow-list.</summary>
    public static bool IsConfigured(VerificationSettings? settings) =>
        settings is not null
        && (!string.IsNullOrWhiteSpace(settings.Kind)
            || AllowLists.HasNetworks(settings)
            || AllowLists.HasOrigins(settings));

    /// <summary>
    /// Checks a request. <paramref name="headers"/> are matched without regard to case; a signature header
    /// sent more than once fails. <paramref name="source"/> is the client's address, null when unknown.
    /// </summary>
    public static VerificationResult Verify(
        VerificationSettings settings,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        IPAddress? source,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(headers);
        if (!IsConfigured(settings))
        {
            return VerificationResult.Pass(None, "nothing to check");
        }

        var lookup = new RequestHeaders(headers);
        if (AllowLists.CheckNetworks(settings, source) is { } networkFailure)
        {
            return networkFailure;
        }

        if (AllowLists.CheckOrigins(settings, lookup) is { } originFailure)
        {
            return originFailure;
        }

        if (string.IsNullOrWhiteSpace(settings.Kind))
        {
            return AllowListsPassed(settings, source, lookup);
        }

        var kind = VerificationKinds.Find(settings.Kind);
        if (kind is null)
        {
            return VerificationResult.Fail(Configuration, $"unknown kind {DisplayText.Of(settings.Kind)}");
        }

        // Fail closed: a kind without a secret would otherwise accept anything.
        var secrets = AcceptedSecrets.Of(settings);
        if (secrets.Length == 0)
        {
            return VerificationResult.Fail(kind, "no secret is configured");
        }

        return kind switch
        {
            VerificationKinds.Stripe => StripeSignatureCheck.Check(settings, lookup, body, now, secrets),
            VerificationKinds.GitHub or VerificationKinds.Shopify or VerificationKinds.Hmac =>
                BodyHmacCheck.Check(kind, settings, lookup, body, secrets),
            VerificationKinds.StandardWebhooks => StandardWebhooksCheck.Check(settings, lookup, body, now, secrets),
            VerificationKinds.Bearer => AuthorizationCheck.Bearer(settings, lookup, secrets),
            VerificationKinds.Basic => AuthorizationCheck.Basic(settings, lookup, secrets),
            _ => VerificationResult.Fail(Configuration, $"kind {kind} has no check"),
        };
    }

    private static VerificationResult AllowListsPassed(
        VerificationSettings settings,
        IPAddress? source,
        RequestHeaders headers)
    {
        var networks = AllowLists.HasNetworks(settings);
        var origins = AllowLists.HasOrigins(settings);
        headers.TryGetSingle("Origin", out var origin, out _);
        var address = source is { IsIPv4MappedToIPv6: true } ? source.MapToIPv4() : source;
        return (networks, origins) switch
        {
            (true, true) => VerificationResult.Pass(
                $"{AllowLists.Networks}+{AllowLists.Origins}",
                $"source {address} and Origin {DisplayText.Of(origin)} are allowed"),
            (true, false) => VerificationResult.Pass(AllowLists.Networks, $"source {address} is in the allowed networks"),
            _ => VerificationResult.Pass(AllowLists.Origins, $"Origin {DisplayText.Of(origin)} is allowed"),
        };
    }
}
