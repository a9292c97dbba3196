using System.Security.Cryptography;

namespace Soldr.Core.Signing;

/// <summary>
/// A Standard Webhooks secret: <c>whsec_</c> and the base64 of the key. The key is what signs; the text is
/// what operators copy.
/// </summary>
public static class StandardWebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinKeyBytes = 24;
    public const int MaxKeyBytes = 64;
    public const string Rule = "whsec_ followed by the base64 of 24 to 64 bytes";

    /// <summary>A new secret of 32 random bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key of <paramref name="secret"/>, or null when it is not a valid secret.</summary>
    public static byte[]? TryReadKey(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var text = secret.AsSpan(Prefix.Length);
        var key = new byte[text.Length];
        return Convert.TryFromBase64Chars(text, key, out var written) && written is >= MinKeyBytes and <= MaxKeyBytes
            ? key[..written]
            : null;
    }
}
