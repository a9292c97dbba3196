namespace Soldr.Core.Verification;

/// <summary>
/// A received signature decoded to bytes, so it is compared with the expected digest as fixed-length
/// bytes in constant time; text of the wrong length or alphabet decodes to nothing.
/// </summary>
internal static class SignatureBytes
{
    /// <summary>Hex in either case, exactly <paramref name="size"/> bytes.</summary>
    public static byte[]? FromHex(ReadOnlySpan<char> text, int size)
    {
        var bytes = new byte[size];
        return text.Length == size * 2
            && Convert.FromHexString(text, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == size
                ? bytes
                : null;
    }

    /// <summary>Standard base64 with padding, exactly <paramref name="size"/> bytes.</summary>
    public static byte[]? FromBase64(ReadOnlySpan<char> text, int size)
    {
        var bytes = new byte[size];
        return Convert.TryFromBase64Chars(text, bytes, out var written) && written == size ? bytes : null;
    }
}
