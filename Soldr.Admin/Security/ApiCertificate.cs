using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Soldr.Admin.Security;

/// <summary>
/// <c>Soldr:Admin:ApiCertificate</c>: with a certificate configured, the management API is served over
/// TLS on its port (the same port, https instead of http). <c>Path</c> is a PFX/PKCS#12 file, or a PEM
/// certificate with its key in <c>KeyPath</c>; <c>Password</c> opens either when they are protected.
/// </summary>
public static class ApiCertificate
{
    public const string Section = "Soldr:Admin:ApiCertificate";

    /// <summary>
    /// Switches the API's Kestrel endpoint to https with the configured certificate, by configuration,
    /// before Kestrel reads it. A certificate that cannot be read stops the start, naming the key.
    /// </summary>
    /// <returns>The certificate, read once here for everything that needs it; null without one.</returns>
    public static X509Certificate2? Apply(IConfigurationManager configuration, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (Load(configuration) is not { } certificate)
        {
            return null;
        }

        var endpoint = $"Kestrel:Endpoints:{endpointName}";
        var url = configuration[$"{endpoint}:Url"] ?? string.Empty;
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{endpoint}:Url"] = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https://" + url["http://".Length..] : url,
            [$"{endpoint}:Certificate:Path"] = configuration[$"{Section}:Path"],
            [$"{endpoint}:Certificate:KeyPath"] = configuration[$"{Section}:KeyPath"],
            [$"{endpoint}:Certificate:Password"] = configuration[$"{Section}:Password"],
        });
        return certificate;
    }

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?[$"{Section}:Path"]);

    /// <summary>The configured certificate, or null when the API runs without TLS.</summary>
    private static X509Certificate2? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[$"{Section}:Path"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var keyPath = configuration[$"{Section}:KeyPath"];
        var password = configuration[$"{Section}:Password"];
        try
        {
            return string.IsNullOrWhiteSpace(keyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            // The message names the key, never the password.
            throw new InvalidOperationException($"{Section}:Path: the management API's certificate could not be read ({ex.GetType().Name}: {ex.Message}).", ex);
        }
    }

    /// <summary>
    /// For the UI's own calls to the API: the server must present exactly the configured certificate, so
    /// a self-signed one works without being trusted machine-wide, and nothing else is accepted.
    /// </summary>
    public static RemoteCertificateValidationCallback PinnedTo(X509Certificate2 expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var hash = expected.GetCertHash();
        return (_, presented, _, errors) =>
            errors == SslPolicyErrors.None || (presented is not null && presented.GetCertHash().AsSpan().SequenceEqual(hash));
    }
}
