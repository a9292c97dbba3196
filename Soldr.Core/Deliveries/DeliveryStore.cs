using Npgsql;
using NpgsqlTypes;
using Soldr.Core.Requests;

namespace Soldr.Core.Deliveries;

/// <summary>
/// The delivery queue: due deliveries are claimed as leases with FOR UPDATE SKIP LOCKED, so any number
/// of workers share one database without sending the same delivery concurrently. A worker that dies
/// mid-send loses its lease when it expires and the delivery is claimed again: delivery is
/// at-least-once, and every send carries the request id for receivers to de-duplicate on.
/// </summary>
public sealed class DeliveryStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<DeliveryWork>> ClaimDueAsync(int max, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lease = Guid.CreateVersion7(now);
        await using var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT id
                FROM deliveries
                WHERE state = 'pending'
                  AND next_attempt_at <= @now
                  AND (locked_until IS NULL OR locked_until <= @now)
                ORDER BY next_attempt_at
                LIMIT @max
                FOR UPDATE SKIP LOCKED
            )
            UPDATE deliveries d
            SET locked_until = @until, lease = @lease, attempt_count = d.attempt_count + 1
            FROM due, requests r, destinations t
            WHERE d.id = due.id AND r.id = d.request_id AND t.id = d.destination_id
            RETURNING d.id, d.attempt_count, r.id, r.method, r.path, r.query, r.headers::text, r.body, t.url
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("until", now + leaseDuration);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("max", max);

        var claimed = new List<DeliveryWork>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new DeliveryWork(
                DeliveryId: reader.GetGuid(0),
                Lease: lease,
                AttemptNumber: reader.GetInt32(1),
                RequestId: reader.GetGuid(2),
                Method: reader.GetString(3),
                Path: reader.GetString(4),
                Query: reader.GetString(5),
                Headers: HeaderJson.Deserialize(reader.GetString(6)),
                Body: reader.GetFieldValue<byte[]>(7),
                DestinationUrl: reader.GetString(8)));
        }

        return claimed;
    }

    /// <summary>
    /// Records the attempt and moves the delivery to <paramref name="state"/>, in one statement. The
    /// attempt is recorded even when the lease was lost (it did happen); the state changes only while the
    /// lease is still ours. Returns whether it was.
    /// </summary>
    public async Task<bool> CompleteAsync(DeliveryWork work, AttemptRecord attempt, string state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(attempt);
        await using var command = dataSource.CreateCommand("""
            WITH attempt AS (
                INSERT INTO attempts (delivery_id, number, started_at, duration_ms, status_code,
                                      response_headers, response_body, error_kind, error_message)
                VALUES (@delivery, @number, @started, @duration, @status, @headers, @body, @errorKind, @errorMessage)
                ON CONFLICT (delivery_id, number) DO NOTHING
            )
            UPDATE deliveries
            SET state = @state, completed_at = @now, locked_until = NULL, lease = NULL
            WHERE id = @delivery AND lease = @lease
            """);
        var p = command.Parameters;
        p.AddWithValue("delivery", work.DeliveryId);
        p.AddWithValue("lease", work.Lease);
        p.AddWithValue("number", work.AttemptNumber);
        p.AddWithValue("started", attempt.StartedAt);
        p.AddWithValue("duration", attempt.Duration.TotalMilliseconds);
        p.AddWithValue("status", (object?)attempt.StatusCode ?? DBNull.Value);
        p.AddWithValue("headers", NpgsqlDbType.Jsonb, attempt.ResponseHeaders is null ? DBNull.Value : HeaderJson.Serialize(attempt.ResponseHeaders));
        p.AddWithValue("body", NpgsqlDbType.Bytea, (object?)attempt.ResponseBody ?? DBNull.Value);
        p.AddWithValue("errorKind", (object?)attempt.Error?.Kind ?? DBNull.Value);
        p.AddWithValue("errorMessage", (object?)attempt.Error?.Message ?? DBNull.Value);
        p.AddWithValue("state", state);
        p.AddWithValue("now", timeProvider.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
