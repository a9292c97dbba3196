using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Soldr.Admin.Security.Sessions;

/// <summary>
/// A session key is 256 random bits, held by the browser's cookie (encrypted) and by the UI's calls to
/// the API. The database knows a session by the key's SHA-256 only.
/// </summary>
internal static class SessionKeys
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Id(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>How logs and the audit log name a session: the start of its id, which says nothing of its key.</summary>
    public static string ShortId(ReadOnlySpan<byte> id) => Convert.ToHexStringLower(id[..4]);
}
