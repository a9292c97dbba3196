using Soldr.Client.Contracts;
using Soldr.Core.Signing;

namespace Soldr.Core.Webhooks;

/// <summary>
/// The secrets inside settings (verification secrets, signing secrets, static header values, passwords,
/// private keys) are never shown back: each set one reads <see cref="Marker"/>. Settings sent back with the
/// marker keep the stored secret it stands for, so reading a webhook and writing it back changes nothing.
/// </summary>
public static class SettingsSecrets
{
    public const string Marker = "***";

    public static WebhookSettings Masked(WebhookSettings settings)
    {
        var copy = Copy(settings);
        if (copy.Verification is { } verification)
        {
            verification.Secret = Mask(verification.Secret);
            verification.PreviousSecret = Mask(verification.PreviousSecret);
        }

        return copy;
    }

    public static DestinationSettings Masked(DestinationSettings settings)
    {
        var copy = Copy(settings);
        if (copy.Signing is { } signing)
        {
            signing.Secret = Mask(signing.Secret);
            signing.PreviousSecret = Mask(signing.PreviousSecret);
        }

        if (copy.Headers is { } headers)
        {
            foreach (var name in headers.Keys.ToList())
            {
                headers[name] = Marker;
            }
        }

        if (copy.BasicAuth is { } basic)
        {
            basic.Password = Mask(basic.Password);
        }

        if (copy.Tls is { } tls)
        {
            tls.ClientKey = Mask(tls.ClientKey);
        }

        return copy;
    }

    /// <summary>
    /// Puts the stored secrets back where <paramref name="input"/> has the marker. Returns a failure, named by
    /// its configuration key, for each marker that stands for nothing stored.
    /// </summary>
    public static List<string> Restore(WebhookSettings input, WebhookSettings? stored)
    {
        ArgumentNullException.ThrowIfNull(input);
        var failures = new List<string>();
        if (input.Verification is { } verification)
        {
            verification.Secret = Restore(verification.Secret, stored?.Verification?.Secret, "Verification:Secret", failures);
            verification.PreviousSecret = Restore(
                verification.PreviousSecret, stored?.Verification?.PreviousSecret, "Verification:PreviousSecret", failures);
        }

        return failures;
    }

    /// <inheritdoc cref="Restore(WebhookSettings, WebhookSettings?)"/>
    public static List<string> Restore(DestinationSettings input, DestinationSettings? stored)
    {
        ArgumentNullException.ThrowIfNull(input);
        var failures = new List<string>();
        if (input.Signing is { } signing)
        {
            signing.Secret = Restore(signing.Secret, stored?.Signing?.Secret, "Signing:Secret", failures);
            signing.PreviousSecret = Restore(signing.PreviousSecret, stored?.Signing?.PreviousSecret, "Signing:PreviousSecret", failures);
        }

        if (input.Headers is { } headers)
        {
            foreach (var (name, value) in headers.ToList())
            {
                var old = stored?.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
                headers[name] = Restore(value, old, $"Headers:{name}", failures)!;
            }
        }

        if (input.BasicAuth is { } basic)
        {
            basic.Password = Restore(basic.Password, stored?.BasicAuth?.Password, "BasicAuth:Password", failures);
        }

        if (input.Tls is { } tls)
        {
            tls.ClientKey = Restore(tls.ClientKey, stored?.Tls?.ClientKey, "Tls:ClientKey", failures);
        }

        return failures;
    }

    /// <summary>
    /// Where signing is on without a secret, a new one is generated and returned (to be shown once);
    /// otherwise null.
    /// </summary>
    public static string? GenerateMissingSigningSecret(DestinationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Signing is not { Enabled: true, Secret: null } signing)
        {
            return null;
        }

        signing.Secret = StandardWebhookSecret.Generate();
        return signing.Secret;
    }

    private static string? Mask(string? secret) => secret is null ? null : Marker;

    private static string? Restore(string? value, string? stored, string key, List<string> failures)
    {
        if (value != Marker)
        {
            return value;
        }

        if (stored is null)
        {
            failures.Add($"{key} is '{Marker}', which stands for a stored secret, and none is stored: give the secret.");
        }

        return stored;
    }

    private static T Copy<T>(T settings)
        where T : new() => SettingsJson.Deserialize<T>(SettingsJson.Serialize(settings));
}
