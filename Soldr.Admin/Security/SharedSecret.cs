using System.Security.Cryptography;
using System.Text;

namespace Soldr.Admin.Security;

/// <summary>
/// Compares a presented secret with the configured one in constant time. Both are hashed first, so
/// neither the content nor the length of the secret leaks through timing.
/// </summary>
public sealed class SharedSecret(string secret)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public bool Matches(string? presented)
    {
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty));
        return CryptographicOperations.FixedTimeEquals(actual, _expected) && presented is not null;
    }

    /// <summary>
    /// A proof that something was made under this secret, bound to <paramref name="salt"/>: an HMAC keyed
    /// with the secret's hash. It reveals nothing of the secret and stops matching once the secret changes.
    /// </summary>
    public byte[] Proof(ReadOnlySpan<byte> salt) => HMACSHA256.HashData(_expected, salt);
}
