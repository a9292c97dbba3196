using Npgsql;

namespace Soldr.Core.Jobs;

/// <summary>The <c>workers</c> table, from the clean-up side: rows whose heartbeat stopped.</summary>
public sealed class WorkerRegistryStore(NpgsqlDataSource dataSource)
{
    /// <summary>Deletes workers not seen since <paramref name="staleAfter"/> before <paramref name="now"/>; returns how many.</summary>
    public async Task<int> RemoveStaleAsync(DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM workers WHERE last_seen_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", now - staleAfter);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
