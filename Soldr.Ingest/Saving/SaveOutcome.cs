namespace Soldr.Ingest.Saving;

/// <summary>Where a request ended up; only <see cref="Unavailable"/> leaves it unacknowledged.</summary>
internal enum SaveOutcome
{
    /// <summary>Committed in PostgreSQL.</summary>
    Saved,

    /// <summary>Fsync'd to the local spool; drained into PostgreSQL later.</summary>
    Spooled,

    /// <summary>Kept nowhere durable: written to stdout, and the sender is told to retry.</summary>
    Unavailable,
}
