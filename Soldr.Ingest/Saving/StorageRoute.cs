namespace Soldr.Ingest.Saving;

/// <summary>
/// Whether batches go to PostgreSQL or straight to the spool. After one failed write every later batch
/// is spooled without trying PostgreSQL (a connect timeout per batch would stall every sender), until
/// the drainer has found PostgreSQL answering again.
/// </summary>
internal sealed class StorageRoute
{
    private int _spooling;

    public bool IsSpooling => Volatile.Read(ref _spooling) == 1;

    /// <summary>
    /// True when this call switched the route (so the switch is logged once, however many batches fail
    /// at the same moment).
    /// </summary>
    public bool UseSpool() => Interlocked.Exchange(ref _spooling, 1) == 0;

    public void UseDatabase() => Volatile.Write(ref _spooling, 0);
}
