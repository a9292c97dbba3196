using System.Buffers;
using Soldr.Ingest.Admission;

namespace Soldr.Ingest.Ingestion;

/// <summary>
/// A body of unknown length (chunked) as it arrives: pooled pieces of growing size, each reserved in the
/// memory budget before it is taken, joined once into an exact array at the end. Growing one buffer would
/// copy the body again at each doubling; pieces copy it once.
/// </summary>
internal sealed class BodyPieces(BodyMemoryBudget budget) : IDisposable
{
    private const int FirstPieceBytes = 16 * 1024;
    private const int LargestPieceBytes = 256 * 1024;

    private readonly List<byte[]> _pieces = [];
    private int _lastUsed;
    private long _reserved;

    public long Length { get; private set; }

    /// <summary>Copies <paramref name="data"/> in; false when the budget has no room for another piece.</summary>
    public bool TryAppend(ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            var span = segment.Span;
            while (!span.IsEmpty)
            {
                if ((_pieces.Count == 0 || _lastUsed == PieceBytes(_pieces.Count - 1)) && !TryAddPiece())
                {
                    return false;
                }

                var free = _pieces[^1].AsSpan(_lastUsed, PieceBytes(_pieces.Count - 1) - _lastUsed);
                var taken = Math.Min(free.Length, span.Length);
                span[..taken].CopyTo(free);
                span = span[taken..];
                _lastUsed += taken;
                Length += taken;
            }
        }

        return true;
    }

    /// <summary>
    /// The body as one exact array, with its bytes reserved for the caller to release; null when the
    /// budget cannot hold the array beside the pieces while they are joined.
    /// </summary>
    public byte[]? TryJoin()
    {
        if (!budget.TryReserve(Length))
        {
            return null;
        }

        var body = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var at = 0;
        for (var i = 0; i < _pieces.Count; i++)
        {
            var used = (int)Math.Min(PieceBytes(i), Length - at);
            _pieces[i].AsSpan(0, used).CopyTo(body.AsSpan(at));
            at += used;
        }

        return body;
    }

    public void Dispose()
    {
        foreach (var piece in _pieces)
        {
            ArrayPool<byte>.Shared.Return(piece);
        }

        _pieces.Clear();
        budget.Release(_reserved);
        _reserved = 0;
    }

    // 16, 32, 64, 128, then 256 KiB each: small bodies take little, large ones few pieces. The pool may
    // hand out a larger array; only the reserved part of it is used.
    private static int PieceBytes(int index) => Math.Min(FirstPieceBytes << Math.Min(index, 4), LargestPieceBytes);

    private bool TryAddPiece()
    {
        var size = PieceBytes(_pieces.Count);
        if (!budget.TryReserve(size))
        {
            return false;
        }

        _reserved += size;
        _pieces.Add(ArrayPool<byte>.Shared.Rent(size));
        _lastUsed = 0;
        return true;
    }
}
