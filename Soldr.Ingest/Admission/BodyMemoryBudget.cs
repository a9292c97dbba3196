using Microsoft.Extensions.Options;
using Soldr.Ingest.Ingestion;

namespace Soldr.Ingest.Admission;

/// <summary>
/// The request-body bytes ingest may hold in memory at once (<see cref="IngestOptions.MaxBodyMemoryBytes"/>).
/// A body's bytes are reserved before they are read and released once its request has been answered, so
/// whatever senders do, bodies never take more than the budget: a reservation that does not fit is refused.
/// </summary>
internal sealed class BodyMemoryBudget(IOptions<IngestOptions> options)
{
    private readonly long _limit = options.Value.MaxBodyMemoryBytes;
    private long _reserved;

    public long Limit => _limit;

    /// <summary>Bytes reserved now.</summary>
    public long Reserved => Volatile.Read(ref _reserved);

    /// <summary>Reserves <paramref name="bytes"/> if they fit; false (nothing reserved) if they do not.</summary>
    public bool TryReserve(long bytes)
    {
        var reserved = Volatile.Read(ref _reserved);
        while (true)
        {
            if (bytes > _limit - reserved)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _reserved, reserved + bytes, reserved);
            if (seen == reserved)
            {
                return true;
            }

            reserved = seen;
        }
    }

    public void Release(long bytes)
    {
        if (bytes != 0)
        {
            Interlocked.Add(ref _reserved, -bytes);
        }
    }
}
