using System.Buffers;
using System.IO.Pipelines;
using Soldr.Ingest.Admission;

namespace Soldr.Ingest.Ingestion;

/// <summary>
/// Reads a request body into memory within the memory budget: a declared length is reserved before the
/// first byte is read and read straight into an array of that size; a chunked body is reserved piece by
/// piece as it grows. When the budget has no room, reading stops and nothing stays reserved.
/// </summary>
internal static class RequestBody
{
    public static ValueTask<BodyRead> ReadAsync(
        HttpRequest request, BodyMemoryBudget budget, CancellationToken cancellationToken) =>
        request.ContentLength is { } length
            ? ReadDeclaredAsync(request.BodyReader, length, budget, cancellationToken)
            : ReadChunkedAsync(request.BodyReader, budget, cancellationToken);

    private static async ValueTask<BodyRead> ReadDeclaredAsync(
        PipeReader reader, long length, BodyMemoryBudget budget, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return new BodyRead([], 0);
        }

        if (!budget.TryReserve(length))
        {
            return BodyRead.NoRoom;
        }

        try
        {
            // Every byte is written below before the array is used, so it need not be zeroed first.
            var body = GC.AllocateUninitializedArray<byte>(checked((int)length));
            var filled = 0;
            while (filled < body.Length)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;

                // The server ends the body at its declared length, so it always fits.
                buffer.CopyTo(body.AsSpan(filled));
                filled += (int)buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted && filled < body.Length)
                {
                    throw new BadHttpRequestException("The request body ended before its declared Content-Length.");
                }
            }

            return new BodyRead(body, length);
        }
        catch
        {
            budget.Release(length);
            throw;
        }
    }

    private static async ValueTask<BodyRead> ReadChunkedAsync(
        PipeReader reader, BodyMemoryBudget budget, CancellationToken cancellationToken)
    {
        using var pieces = new BodyPieces(budget);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;

            // A body that arrived whole in one read is copied once, straight into its exact array.
            if (result.IsCompleted && pieces.Length == 0)
            {
                var length = buffer.Length;
                var whole = budget.TryReserve(length) ? buffer.ToArray() : null;
                reader.AdvanceTo(buffer.End);
                return whole is null ? BodyRead.NoRoom : new BodyRead(whole, length);
            }

            var fits = pieces.TryAppend(buffer);
            reader.AdvanceTo(buffer.End);
            if (!fits)
            {
                return BodyRead.NoRoom;
            }

            if (result.IsCompleted)
            {
                return pieces.TryJoin() is { } body ? new BodyRead(body, body.Length) : BodyRead.NoRoom;
            }
        }
    }
}
