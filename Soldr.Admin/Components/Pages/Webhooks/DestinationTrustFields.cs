using Soldr.Client.Contracts;

namespace Soldr.Admin.Components.Pages.Webhooks;

/// <summary>
/// A destination's outbound trust as the form edits it: signing, static headers (one <c>Name: value</c> a
/// line; a stored value shows as <c>***</c> and is kept while left so), basic auth and TLS.
/// </summary>
public sealed class DestinationTrustFields
{
    public bool Signing { get; set; }

    public bool SigningSecretStored { get; set; }

    public string ProviderHeaders { get; set; } = "replace";

    public string Headers { get; set; } = string.Empty;

    public string Username { get; set; } = string.Empty;

    public SecretField Password { get; set; } = new();

    public string CaCertificates { get; set; } = string.Empty;

    public string ClientCertificate { get; set; } = string.Empty;

    public SecretField ClientKey { get; set; } = new();

    public bool IsSet => Signing || Headers.Length > 0 || Username.Length > 0 || CaCertificates.Length > 0 || ClientCertificate.Length > 0;

    public static DestinationTrustFields From(DestinationSettings? settings) => new()
    {
        Signing = settings?.Signing is { } s && (s.Enabled ?? s.Secret is not null),
        SigningSecretStored = settings?.Signing?.Secret is not null,
        ProviderHeaders = settings?.Signing?.ProviderHeaders ?? "replace",
        Headers = string.Join('\n', (settings?.Headers ?? []).Select(h => $"{h.Key}: {h.Value}")),
        Username = settings?.BasicAuth?.Username ?? string.Empty,
        Password = SecretField.From(settings?.BasicAuth?.Password),
        CaCertificates = settings?.Tls?.CaCertificates ?? string.Empty,
        ClientCertificate = settings?.Tls?.ClientCertificate ?? string.Empty,
        ClientKey = SecretField.From(settings?.Tls?.ClientKey),
    };

    /// <summary>Writes these fields into <paramref name="settings"/>, keeping what the form does not show.</summary>
    public DestinationSettings ApplyTo(DestinationSettings? settings)
    {
        var result = settings ?? new DestinationSettings();
        var signing = result.Signing;
        if (Signing)
        {
            // A stored secret stays (the API shows it as ***); none yet, and the API generates one.
            signing ??= new SigningSettings();
            signing.Enabled = true;
            signing.ProviderHeaders = ProviderHeaders == "replace" ? null : ProviderHeaders;
            result.Signing = signing;
        }
        else if (signing is not null)
        {
            signing.Enabled = false;
        }

        result.Headers = ParseHeaders(Headers, out _);
        result.BasicAuth = Username.Length == 0 ? null : new BasicAuthSettings { Username = Username.Trim(), Password = Password.Value };
        var ca = Text(CaCertificates);
        var certificate = Text(ClientCertificate);
        result.Tls = ca is null && certificate is null
            ? null
            : new TlsSettings { CaCertificates = ca, ClientCertificate = certificate, ClientKey = certificate is null ? null : ClientKey.Value };
        return result;
    }

    /// <summary>The header lines as a dictionary; <paramref name="bad"/> is the first line that is not <c>Name: value</c>.</summary>
    public static Dictionary<string, string>? ParseHeaders(string text, out string? bad)
    {
        bad = null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                bad ??= line;
                continue;
            }

            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return headers.Count == 0 ? null : headers;
    }

    private static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
