using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Management;

/// <summary>One change made through the management API.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Action, string Subject, string? Detail, string? Actor);

/// <summary>The audit log: every change made through the management API, newest first.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public async Task WriteAsync(string action, string subject, string? detail, string? actor, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO audit_log (at, action, subject, detail, actor) VALUES (@at, @action, @subject, @detail, @actor)
            """);
        command.Parameters.AddWithValue("at", timeProvider.GetUtcNow());
        command.Parameters.AddWithValue("action", action);
        command.Parameters.AddWithValue("subject", subject);
        command.Parameters.AddWithValue("detail", NpgsqlDbType.Text, (object?)detail ?? DBNull.Value);
        command.Parameters.AddWithValue("actor", NpgsqlDbType.Text, (object?)actor ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Up to <paramref name="limit"/> entries older than <paramref name="beforeId"/> (all when null).</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, at, action, subject, detail, actor
            FROM audit_log
            WHERE @before IS NULL OR id < @before
            ORDER BY id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("before", NpgsqlDbType.Bigint, (object?)beforeId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var entries = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditRecord(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return entries;
    }
}
