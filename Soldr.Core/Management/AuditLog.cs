using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Management;

/// <summary>
/// One change made through the management API: what, to which object, who acted (a UI session or an API
/// client, described), and the object before and after as JSON where the change has one.
/// </summary>
public sealed record AuditRecord(
    long Id, DateTimeOffset At, string Action, string Subject, string? Detail, string? Actor, string? Before, string? After);

/// <summary>A change to record; <see cref="Before"/> and <see cref="After"/> are JSON, or null.</summary>
public sealed record AuditChange(string Action, string Subject, string? Detail, string Actor, string? Before = null, string? After = null);

/// <summary>The audit log: every change made through the management API, newest first.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public async Task WriteAsync(AuditChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO audit_log (at, action, subject, detail, actor, before, after)
            VALUES (@at, @action, @subject, @detail, @actor, @before, @after)
            """);
        command.Parameters.AddWithValue("at", timeProvider.GetUtcNow());
        command.Parameters.AddWithValue("action", change.Action);
        command.Parameters.AddWithValue("subject", change.Subject);
        command.Parameters.AddWithValue("detail", NpgsqlDbType.Text, (object?)change.Detail ?? DBNull.Value);
        command.Parameters.AddWithValue("actor", change.Actor);
        command.Parameters.AddWithValue("before", NpgsqlDbType.Jsonb, (object?)change.Before ?? DBNull.Value);
        command.Parameters.AddWithValue("after", NpgsqlDbType.Jsonb, (object?)change.After ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Up to <paramref name="limit"/> entries older than <paramref name="beforeId"/> (all when null).</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, at, action, subject, detail, actor, before::text, after::text
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
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return entries;
    }
}
