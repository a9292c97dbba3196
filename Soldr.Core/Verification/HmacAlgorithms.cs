using System.Security.Cryptography;

namespace Soldr.Core.Verification;

/// <summary>The hashes and encodings the generic <c>hmac</c> kind accepts.</summary>
public static class HmacAlgorithms
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";
    public const string Sha1 = "sha1";
    public const string Hex = "hex";
    public const string Base64 = "base64";

    public static readonly IReadOnlyList<string> Algorithms = [Sha256, Sha512, Sha1];
    public static readonly IReadOnlyList<string> Encodings = [Hex, Base64];

    /// <summary>The hash named <paramref name="name"/> (sha256 when unset) and its size in bytes.</summary>
    public static bool TryFind(string? name, out HashAlgorithmName algorithm, out int size)
    {
        // SHA-1 is weak for collisions but not as an HMAC, and some providers still sign with nothing else.
        (algorithm, size) = (name?.Trim() ?? Sha256).ToUpperInvariant() switch
        {
            "SHA256" => (HashAlgorithmName.SHA256, 32),
            "SHA512" => (HashAlgorithmName.SHA512, 64),
            "SHA1" => (HashAlgorithmName.SHA1, 20),
            _ => (default, 0),
        };
        return size > 0;
    }

    /// <summary>Whether <paramref name="name"/> is an encoding (hex when unset).</summary>
    public static bool IsEncoding(string? name) =>
        name is null || Encodings.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);

    internal static bool IsBase64(string? name) => string.Equals(name?.Trim(), Base64, StringComparison.OrdinalIgnoreCase);
}
