namespace Soldr.Ingest.Saving;

/// <summary>
/// Whether batches go to PostgreSQL or straight to the spool. After one failed write every later batch
/// is spooled without trying PostgreSQL (a connect timeout per batch would stall every sender), until
/// the drainer has found PostgreSQL answering again.
/// </summary>
internal sealed class StorageRoute
{
    private volatile bool _spooling;

    public bool IsSpooling => _spooling;

    /// <summary>True when this call switched the route (so the switch is logged once).</summary>
    public bool UseSpool()
    {
        var was = _spooling;
        _spooling = true;
        return !was;
    }

    public void UseDatabase() => _spooling = false;
}
