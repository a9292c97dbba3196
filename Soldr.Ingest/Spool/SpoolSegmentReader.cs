using Soldr.Core.Requests;

namespace Soldr.Ingest.Spool;

/// <summary>The good records of a segment, and where reading stopped if its tail is torn or damaged.</summary>
internal sealed record SpoolSegment(IReadOnlyList<IncomingRequest> Requests, long? BadTailAt, long BadTailBytes);

internal static class SpoolSegmentReader
{
    /// <summary>
    /// Reads records until the end or the first record that does not check out. A torn record can only be
    /// the last one written (nothing is appended after a failed write), and its sender was never answered.
    /// </summary>
    public static SpoolSegment Read(string segment)
    {
        var data = File.ReadAllBytes(segment);
        var requests = new List<IncomingRequest>();
        var offset = 0;
        while (offset < data.Length)
        {
            var remaining = data.Length - offset;
            if (remaining < SpoolRecord.HeaderBytes)
            {
                break;
            }

            var header = data.AsSpan(offset, SpoolRecord.HeaderBytes);
            var length = SpoolRecord.ReadLength(header);
            if (length < 0 || length > remaining - SpoolRecord.HeaderBytes)
            {
                break;
            }

            var payload = data.AsSpan(offset + SpoolRecord.HeaderBytes, length);
            if (!SpoolRecord.ChecksumMatches(header, payload))
            {
                break;
            }

            try
            {
                requests.Add(SpooledRequestFormat.Read(payload.ToArray()));
            }
            catch (InvalidDataException)
            {
                break;
            }

            offset += SpoolRecord.HeaderBytes + length;
        }

        return offset == data.Length
            ? new SpoolSegment(requests, null, 0)
            : new SpoolSegment(requests, offset, data.Length - offset);
    }
}
