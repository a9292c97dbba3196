using System.Security.Cryptography;
using System.Text;
using Soldr.Client.Contracts;

namespace Soldr.Core.Deliveries;

/// <summary>
/// A destination's TLS settings, in PEM, with a <see cref="Key"/> that names them: destinations with the same
/// settings share one connection pool, and an edited setting is a new key. The texts hold a private key, so
/// they never appear in <see cref="ToString"/>.
/// </summary>
public sealed record DestinationTls(string Key, string? CaCertificates, string? ClientCertificate, string? ClientKey)
{
    /// <summary>The settings with their key; null when there are none, and the shared client is used.</summary>
    public static DestinationTls? From(TlsSettings? settings)
    {
        if (settings is null || (settings.CaCertificates is null && settings.ClientCertificate is null && settings.ClientKey is null))
        {
            return null;
        }

        // Each text is length-prefixed, so that moving characters from one to the next is a different key.
        var text = new StringBuilder();
        foreach (var part in (string?[])[settings.CaCertificates, settings.ClientCertificate, settings.ClientKey])
        {
            text.Append(part?.Length ?? -1).Append(':').Append(part);
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        return new DestinationTls(key, settings.CaCertificates, settings.ClientCertificate, settings.ClientKey);
    }

    public override string ToString() => $"{nameof(DestinationTls)} {{ {nameof(Key)} = {Key} }}";
}
