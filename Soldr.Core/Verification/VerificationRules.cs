using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Core.Http;
using Soldr.Core.Signing;

namespace Soldr.Core.Verification;

/// <summary>
/// The limits on <see cref="VerificationSettings"/>, for configuration and the management API alike. Each
/// failure starts with the key at fault (<c>{prefix}Verification:Secret ...</c>) and never holds a secret.
/// </summary>
public static class VerificationRules
{
    public static readonly TimeSpan MinTolerance = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTolerance = TimeSpan.FromDays(1);
    public const string Reject = "reject";
    public const string Flag = "flag";

    public static void Check(VerificationSettings? settings, string prefix, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (settings is null)
        {
            return;
        }

        var key = $"{prefix}Verification";
        var kind = VerificationKinds.Find(settings.Kind);
        if (settings.Kind is not null && kind is null)
        {
            failures.Add(
                $"{key}:Kind must be one of {string.Join(", ", VerificationKinds.All)}, " +
                "or be left out to check only the allow-lists.");
        }

        if (settings is { Kind: null, AllowedNetworks: null, AllowedOrigins: null })
        {
            failures.Add(
                $"{key} sets nothing to check: give a Kind, AllowedNetworks or AllowedOrigins, or leave Verification out.");
        }

        CheckSecrets(settings, kind, key, failures);
        CheckSignatureOptions(settings, kind, key, failures);
        CheckNetworks(settings.AllowedNetworks, key, failures);
        CheckOrigins(settings.AllowedOrigins, key, failures);
        if (settings.OnFailure is { } onFailure
            && !string.Equals(onFailure, Reject, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(onFailure, Flag, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{key}:OnFailure must be {Reject} or {Flag}.");
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> is written as browsers send <c>Origin</c>: <c>scheme://host[:port]</c>.
    /// </summary>
    public static bool IsOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.UserInfo.Length == 0
        && uri.Host.Length > 0
        // GetLeftPart drops a path, a trailing slash and a default port, none of which an Origin header has.
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), value, StringComparison.OrdinalIgnoreCase);

    private static void CheckSecrets(
        VerificationSettings settings,
        string? kind,
        string key,
        ICollection<string> failures)
    {
        if (kind is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(settings.Secret))
        {
            failures.Add($"{key}:Secret is required for kind {kind}.");
        }
        else
        {
            CheckSecret(settings.Secret, kind, $"{key}:Secret", failures);
        }

        if (!string.IsNullOrEmpty(settings.PreviousSecret))
        {
            CheckSecret(settings.PreviousSecret, kind, $"{key}:PreviousSecret", failures);
            if (string.IsNullOrEmpty(settings.Secret))
            {
                failures.Add($"{key}:PreviousSecret is accepted beside Secret, not instead of it: set Secret too.");
            }
        }
    }

    // The secret is judged, never quoted: the message names only the rule it breaks.
    private static void CheckSecret(string secret, string kind, string key, ICollection<string> failures)
    {
        switch (kind)
        {
            case VerificationKinds.StandardWebhooks when StandardWebhooksCheck.ReadKey(secret) is null:
                failures.Add($"{key} must be {StandardWebhookSecret.Rule} (the whsec_ prefix may be left out).");
                break;
            case VerificationKinds.Basic when !secret.Contains(':', StringComparison.Ordinal):
                failures.Add($"{key} must be user:password for kind basic.");
                break;
            case VerificationKinds.Bearer when !HeaderRules.IsValidValue(secret) || secret.Trim() != secret:
                failures.Add(
                    $"{key} must be a token without control characters or surrounding spaces, as a header carries it.");
                break;
        }
    }

    private static void CheckSignatureOptions(
        VerificationSettings settings,
        string? kind,
        string key,
        ICollection<string> failures)
    {
        if (settings.Header is not null && !HeaderRules.IsValidName(settings.Header))
        {
            failures.Add($"{key}:Header is not a header name: {HeaderRules.NameRule}.");
        }

        if (kind == VerificationKinds.Hmac && settings.Header is null)
        {
            failures.Add($"{key}:Header is required for kind hmac.");
        }

        var hmac = kind is VerificationKinds.Hmac;
        if (settings.Algorithm is not null && (!hmac || !HmacAlgorithms.TryFind(settings.Algorithm, out _, out _)))
        {
            failures.Add(hmac
                ? $"{key}:Algorithm must be {string.Join(", ", HmacAlgorithms.Algorithms)}."
                : $"{key}:Algorithm applies to kind hmac only.");
        }

        if (settings.Encoding is not null && (!hmac || !HmacAlgorithms.IsEncoding(settings.Encoding)))
        {
            failures.Add(hmac
                ? $"{key}:Encoding must be {string.Join(" or ", HmacAlgorithms.Encodings)}."
                : $"{key}:Encoding applies to kind hmac only.");
        }

        if (settings.Prefix is not null && (!hmac || !HeaderRules.IsValidValue(settings.Prefix)))
        {
            failures.Add(hmac
                ? $"{key}:Prefix is not header text: {HeaderRules.ValueRule}."
                : $"{key}:Prefix applies to kind hmac only.");
        }

        if (settings.Tolerance is { } tolerance)
        {
            if (kind is not (VerificationKinds.Stripe or VerificationKinds.StandardWebhooks))
            {
                failures.Add($"{key}:Tolerance applies to kinds stripe and standard-webhooks only.");
            }
            else if (tolerance < MinTolerance || tolerance > MaxTolerance)
            {
                failures.Add($"{key}:Tolerance must be between 1 second and 1 day.");
            }
        }
    }

    // Entries are named by position, as SettingsRules does, so the key stays the first word.
    private static void CheckNetworks(List<string>? networks, string key, ICollection<string> failures)
    {
        if (networks is null)
        {
            return;
        }

        if (networks.Count == 0)
        {
            failures.Add($"{key}:AllowedNetworks must name at least one network, or be left out to accept any.");
        }

        for (var i = 0; i < networks.Count; i++)
        {
            if (NetworkRanges.Parse(networks[i]) is null)
            {
                failures.Add(
                    $"{key}:AllowedNetworks entry {i} must be a CIDR range (e.g. 10.0.0.0/8, with no bits set past " +
                    $"the prefix), an address, or one of the named sets {NetworkRanges.Names}.");
            }
        }
    }

    private static void CheckOrigins(List<string>? origins, string key, ICollection<string> failures)
    {
        if (origins is null)
        {
            return;
        }

        if (origins.Count == 0)
        {
            failures.Add($"{key}:AllowedOrigins must name at least one origin, or be left out to accept any.");
        }

        for (var i = 0; i < origins.Count; i++)
        {
            if (!IsOrigin(origins[i]))
            {
                failures.Add(
                    $"{key}:AllowedOrigins entry {i} must be scheme://host[:port] as browsers send it: " +
                    "no path, no trailing slash, no default port.");
            }
        }
    }
}
