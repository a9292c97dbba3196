using System.Buffers.Text;
using System.Security.Cryptography;

namespace Soldr.AppHost.Hosting;

/// <summary>Random secrets for generated passwords and the management API's shared secret.</summary>
public static class Secrets
{
    /// <summary>32 random bytes as URL-safe base64: 43 characters, safe in URLs and connection strings.</summary>
    public static string Generate() =>
        Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a secret is made of URL-safe base64 characters only, as generated ones are.</summary>
    public static bool IsUrlSafe(string secret) =>
        secret.Length > 0 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
