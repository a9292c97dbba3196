using System.Net.Sockets;
using Npgsql;

namespace Soldr.Ingest.Saving;

internal static class DatabaseFailure
{
    /// <summary>
    /// PostgreSQL could not be reached or could not take the write right now (connection refused or
    /// broken, timeout, shutting down, out of resources): the request itself is fine and can wait in the
    /// spool. Anything else means PostgreSQL refused this data, and waiting will not change that.
    /// </summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction,
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };
}
