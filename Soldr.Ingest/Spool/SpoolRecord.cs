using System.Buffers.Binary;
using System.IO.Hashing;

namespace Soldr.Ingest.Spool;

/// <summary>
/// One record in a spool segment: a 12-byte header (magic, payload length, CRC-32 (IEEE) of the payload,
/// all little-endian) then the payload. A record whose header or checksum does not match was not written in
/// full, so it was never acknowledged, and everything after it in the segment is skipped.
/// </summary>
internal static class SpoolRecord
{
    public const int HeaderBytes = 12;
    public const uint Magic = 0x52444C53; // "SLDR"

    // Far above any accepted request, so only a damaged length can exceed it.
    public const int MaxPayloadBytes = 1024 * 1024 * 1024;

    public static void WriteHeader(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Crc32.HashToUInt32(payload));
    }

    /// <summary>The payload length, or -1 when the header is not a record header.</summary>
    public static int ReadLength(ReadOnlySpan<byte> header)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            return -1;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        return length is >= 0 and <= MaxPayloadBytes ? length : -1;
    }

    public static bool ChecksumMatches(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) == Crc32.HashToUInt32(payload);
}
