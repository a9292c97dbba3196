using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Management;

/// <summary>
/// The <c>resends</c> table: the admin service records a re-send an operator asked for, and the worker's
/// job moves it along. Each page of work commits together with the progress it made, under the row's
/// lock, so two runs of one re-send can never send the same page twice.
/// </summary>
public sealed class ResendStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    private const string Columns = """
        id, state, deliveries, webhook, outcome, destination_id, received_from, received_to, status, description, requested_by,
        requested_at, run_at, job_id, started_at, cutoff, finished_at, total, processed, queued, held, rerouted, error, event_type
        """;

    /// <summary>Records a re-send: queued, or scheduled when it has a time to run at.</summary>
    public async Task<ResendRecord> CreateAsync(
        bool failedOnly, RequestSearch search, string description, string actor, DateTimeOffset? runAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO resends (deliveries, webhook, outcome, destination_id, received_from, received_to, status, event_type,
                                 description, requested_by, requested_at, run_at, state)
            VALUES (@deliveries, @webhook, @outcome, @destination, @from, @to, @status, @eventType,
                    @description, @actor, @now, @runAt, @state)
            RETURNING {Columns}
            """);
        RequestAdminStore.AddSearch(command, search, null);
        var p = command.Parameters;
        p.AddWithValue("deliveries", failedOnly ? "failed" : "all");
        p.AddWithValue("description", description);
        p.AddWithValue("actor", actor);
        p.AddWithValue("now", timeProvider.GetUtcNow());
        p.AddWithValue("runAt", NpgsqlDbType.TimestampTz, (object?)runAt ?? DBNull.Value);
        p.AddWithValue("state", runAt is null ? ResendStates.Queued : ResendStates.Scheduled);
        return (await ReadAsync(command, cancellationToken))[0];
    }

    public Task SetJobAsync(long id, string jobId, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE resends SET job_id = @value WHERE id = @id", id, jobId, cancellationToken);

    public async Task<ResendRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM resends WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<ResendRecord>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM resends ORDER BY id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Cancels a re-send that has not finished: one waiting never starts; one running stops after its
    /// current page. Returns the row afterwards (unchanged when it had finished), or null when there is none.
    /// </summary>
    public async Task<ResendRecord?> CancelAsync(long id, CancellationToken cancellationToken)
    {
        await UpdateAsync("""
            UPDATE resends SET state = 'cancelled', finished_at = @now
            WHERE id = @id AND state IN ('scheduled', 'queued', 'running', 'failed')
            """, id, null, cancellationToken);
        return await FindAsync(id, cancellationToken);
    }

    /// <summary>
    /// Marks the re-send running (again, after a restart or a retry) and fixes its cutoff at the first start.
    /// Null when it is not to run: cancelled, finished, or gone.
    /// </summary>
    public async Task<ResendRecord?> BeginAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE resends SET state = 'running', started_at = COALESCE(started_at, @now), cutoff = COALESCE(cutoff, @now), error = NULL
            WHERE id = @id AND state IN ('scheduled', 'queued', 'running', 'failed')
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        var resend = (await ReadAsync(command, cancellationToken)).SingleOrDefault();
        if (resend is not { Total: null })
        {
            return resend;
        }

        // How many requests it matches, counted once, for its progress.
        await using var count = dataSource.CreateCommand($"""
            WITH counted AS (
                SELECT count(*) AS n FROM ({RequestAdminStore.Summaries}) s WHERE @outcome IS NULL OR s.outcome = @outcome
            )
            UPDATE resends SET total = (SELECT n FROM counted) WHERE id = @id RETURNING total
            """);
        RequestAdminStore.AddSearch(count, resend.SearchAsRun, null);
        count.Parameters.AddWithValue("id", id);
        return resend with { Total = (long)(await count.ExecuteScalarAsync(cancellationToken))! };
    }

    /// <summary>
    /// Re-sends the next page of the re-send's requests and records the progress in the same transaction.
    /// Null when the re-send is no longer running (it was cancelled): then nothing was sent.
    /// </summary>
    public async Task<BulkPage?> ResendNextPageAsync(ResendRecord resend, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resend);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        RequestCursor? after;
        await using (var current = new NpgsqlCommand("SELECT state, cursor_at, cursor_id FROM resends WHERE id = @id FOR UPDATE", connection, transaction))
        {
            current.Parameters.AddWithValue("id", resend.Id);
            await using var reader = await current.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken) || reader.GetString(0) != ResendStates.Running)
            {
                return null;
            }

            after = reader.IsDBNull(1) ? null : new RequestCursor(reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(2));
        }

        var page = await DeliveryCommands.ResendPageAsync(
            transaction, resend.SearchAsRun, resend.FailedOnly, after, pageSize, timeProvider.GetUtcNow(), cancellationToken);
        await using (var progress = new NpgsqlCommand("""
            UPDATE resends
            SET processed = processed + @matched, queued = queued + @queued, held = held + @held, rerouted = rerouted + @rerouted,
                cursor_at = COALESCE(@cursorAt, cursor_at), cursor_id = COALESCE(@cursorId, cursor_id)
            WHERE id = @id
            """, connection, transaction))
        {
            var p = progress.Parameters;
            p.AddWithValue("id", resend.Id);
            p.AddWithValue("matched", page.Matched);
            p.AddWithValue("queued", page.Changes.Queued);
            p.AddWithValue("held", page.Changes.Held);
            p.AddWithValue("rerouted", page.Changes.Rerouted);
            p.AddWithValue("cursorAt", NpgsqlDbType.TimestampTz, (object?)page.Last?.ReceivedAt ?? DBNull.Value);
            p.AddWithValue("cursorId", NpgsqlDbType.Uuid, (object?)page.Last?.Id ?? DBNull.Value);
            await progress.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return page;
    }

    /// <summary>Marks a running re-send done; returns the row afterwards.</summary>
    public async Task<ResendRecord?> FinishAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE resends SET state = 'succeeded', finished_at = @now WHERE id = @id AND state = 'running' RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Marks a running re-send as waiting again: its worker stopped, and the job goes back to the queue.</summary>
    public Task InterruptAsync(long id, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE resends SET state = 'queued' WHERE id = @id AND state = 'running'", id, null, cancellationToken);

    /// <summary>Marks a re-send that has not finished as failed, with why.</summary>
    public Task FailAsync(long id, string error, CancellationToken cancellationToken) =>
        UpdateAsync(
            "UPDATE resends SET state = 'failed', error = @value, finished_at = @now WHERE id = @id AND state IN ('scheduled', 'queued', 'running')",
            id, error, cancellationToken);

    private async Task UpdateAsync(string sql, long id, string? value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("value", NpgsqlDbType.Text, (object?)value ?? DBNull.Value);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<ResendRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<ResendRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new ResendRecord(
                Id: reader.GetInt64(0),
                State: reader.GetString(1),
                FailedOnly: reader.GetString(2) == "failed",
                Search: new RequestSearch(
                    Text(3), Text(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), Time(6), Time(7), reader.IsDBNull(8) ? null : reader.GetInt32(8),
                    Text(23)),
                Description: reader.GetString(9),
                RequestedBy: reader.GetString(10),
                RequestedAt: reader.GetFieldValue<DateTimeOffset>(11),
                RunAt: Time(12),
                JobId: Text(13),
                StartedAt: Time(14),
                Cutoff: Time(15),
                FinishedAt: Time(16),
                Total: reader.IsDBNull(17) ? null : reader.GetInt64(17),
                Processed: reader.GetInt64(18),
                Queued: reader.GetInt64(19),
                Held: reader.GetInt64(20),
                Rerouted: reader.GetInt64(21),
                Error: Text(22)));
        }

        return rows;
    }
}
