using Npgsql;
using NpgsqlTypes;
using Soldr.Core.Requests;

namespace Soldr.Core.Management;

/// <summary>
/// Requests for the management API: the searchable list, a request in full and edits (revisions).
/// Re-sends and cancellations are <see cref="DeliveryCommands"/>.
/// </summary>
public sealed class RequestAdminStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    // A request's deliveries counted by state, for the request r: the outcome below reads them.
    private const string DeliveryCounts = """
        LEFT JOIN LATERAL (
            SELECT count(*) AS deliveries,
                   count(*) FILTER (WHERE d.state = 'pending') AS pending,
                   count(*) FILTER (WHERE d.state = 'held') AS held,
                   count(*) FILTER (WHERE d.state = 'failed') AS failed,
                   count(*) FILTER (WHERE d.state = 'succeeded') AS succeeded,
                   count(*) FILTER (WHERE d.state = 'filtered') AS filtered,
                   sum(d.attempt_count) AS attempts,
                   (array_agg(d.last_status_code ORDER BY d.last_attempt_at DESC NULLS LAST))[1] AS last_status,
                   max(d.last_attempt_at) AS last_attempt_at
            FROM deliveries d WHERE d.request_id = r.id
        ) agg ON true
        """;

    // What the deliveries add up to (see RequestOutcomes): the one statement of the rule, for the list and the detail.
    private const string Outcome = """
        CASE WHEN r.state IN ('received', 'unverified', 'duplicate') THEN r.state
             WHEN r.state = 'unroutable' OR COALESCE(agg.deliveries, 0) = 0 THEN 'unroutable'
             WHEN agg.filtered = agg.deliveries THEN 'filtered'
             WHEN agg.pending > 0 THEN 'pending'
             WHEN agg.held > 0 THEN 'held'
             WHEN agg.succeeded > 0 AND agg.deliveries - agg.filtered > agg.succeeded THEN 'partial'
             WHEN agg.failed > 0 THEN 'failed'
             WHEN agg.succeeded > 0 THEN 'succeeded'
             ELSE 'cancelled' END
        """;

    // One row per request with its outcome; the filters below read it. Constant SQL, no values in it.
    internal const string Summaries = $"""
        SELECT r.id, r.webhook_name, r.received_at, r.method, r.path, r.query, octet_length(r.body) AS body_bytes, r.event_type,
               COALESCE(agg.deliveries, 0) AS deliveries, COALESCE(agg.attempts, 0) AS attempts,
               agg.last_status, agg.last_attempt_at, {Outcome} AS outcome
        FROM requests r
        {DeliveryCounts}
        WHERE (@webhook IS NULL OR r.webhook_name = @webhook)
          AND (@eventType IS NULL OR r.event_type = @eventType)
          AND (@from IS NULL OR r.received_at >= @from)
          AND (@to IS NULL OR r.received_at < @to)
          AND (@destination IS NULL OR EXISTS (
                SELECT 1 FROM deliveries d WHERE d.request_id = r.id AND d.destination_id = @destination))
          AND (@status IS NULL OR EXISTS (
                SELECT 1 FROM deliveries d WHERE d.request_id = r.id AND d.last_status_code = @status))
          AND (@cursorAt IS NULL OR (r.received_at, r.id) < (@cursorAt, @cursorId))
        """;

    public async Task<IReadOnlyList<RequestRow>> ListAsync(RequestSearch search, RequestCursor? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        await using var command = dataSource.CreateCommand($"""
            SELECT id, webhook_name, outcome, received_at, method, path, query, body_bytes, deliveries, attempts, last_status, last_attempt_at,
                   event_type
            FROM ({Summaries}) s
            WHERE @outcome IS NULL OR s.outcome = @outcome
            ORDER BY received_at DESC, id DESC
            LIMIT @limit
            """);
        AddSearch(command, search, cursor);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<RequestRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RequestRow(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetInt32(7),
                (int)reader.GetInt64(8), (int)reader.GetInt64(9),
                reader.IsDBNull(10) ? null : reader.GetInt32(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }

        return rows;
    }

    public async Task<RequestRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new($"""
            SELECT r.id, r.webhook_name, r.state, r.received_at, r.method, r.path, r.query, r.headers::text, r.body, r.source_address,
                   r.verification, r.verified, r.verification_detail, r.dedup_key, r.duplicate_of, r.event_type, {Outcome}
            FROM requests r
            {DeliveryCounts}
            WHERE r.id = $1
            """));
        batch.BatchCommands.Add(new("""
            SELECT number, created_at, method, headers::text, body, destination_url, delivery_id
            FROM request_revisions WHERE request_id = $1 ORDER BY number
            """));
        batch.BatchCommands.Add(new("""
            SELECT d.id, t.id, t.url, d.state, COALESCE(d.locked_until > $2, false), d.attempt_count,
                   CASE WHEN d.state = 'pending' THEN d.next_attempt_at END, d.filtered_reason
            FROM deliveries d JOIN destinations t ON t.id = d.destination_id
            WHERE d.request_id = $1
            ORDER BY d.created_at, t.url
            """));
        batch.BatchCommands.Add(new("""
            SELECT a.delivery_id, a.number, a.revision, a.started_at, a.duration_ms, a.status_code, a.error_kind,
                   a.error_message, a.response_headers::text, a.response_body, a.url
            FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
            WHERE d.request_id = $1
            ORDER BY a.delivery_id, a.number
            """));
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
        }

        batch.BatchCommands[2].Parameters.Add(new NpgsqlParameter { Value = now });

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var webhook = reader.GetString(1);
        var state = reader.GetString(2);
        var receivedAt = reader.GetFieldValue<DateTimeOffset>(3);
        var method = reader.GetString(4);
        var path = reader.GetString(5);
        var query = reader.GetString(6);
        var headers = HeaderJson.Deserialize(reader.GetString(7));
        var body = reader.GetFieldValue<byte[]>(8);
        var source = reader.IsDBNull(9) ? null : reader.GetString(9);
        var verification = reader.IsDBNull(10)
            ? null
            : new VerificationOutcome(reader.GetString(10), reader.GetBoolean(11), reader.IsDBNull(12) ? string.Empty : reader.GetString(12));
        var eventKey = reader.IsDBNull(13) ? null : reader.GetString(13);
        Guid? duplicateOf = reader.IsDBNull(14) ? null : reader.GetGuid(14);
        var eventType = reader.IsDBNull(15) ? null : reader.GetString(15);
        var outcome = reader.GetString(16);

        await reader.NextResultAsync(cancellationToken);
        var revisions = new List<RevisionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            revisions.Add(new RevisionRecord(
                reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), HeaderJson.Deserialize(reader.GetString(3)),
                reader.GetFieldValue<byte[]>(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetGuid(6)));
        }

        await reader.NextResultAsync(cancellationToken);
        var deliveries = new List<(Guid Id, long DestinationId, string Url, string State, bool InFlight, int Count, DateTimeOffset? Next, string? Filtered)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4),
                reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        await reader.NextResultAsync(cancellationToken);
        var attempts = new List<(Guid Delivery, AttemptRecordView Attempt)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add((reader.GetGuid(0), new AttemptRecordView(
                Number: reader.GetInt32(1),
                Revision: reader.GetInt32(2),
                StartedAt: reader.GetFieldValue<DateTimeOffset>(3),
                DurationMs: reader.GetDouble(4),
                StatusCode: reader.IsDBNull(5) ? null : reader.GetInt32(5),
                ErrorKind: reader.IsDBNull(6) ? null : reader.GetString(6),
                ErrorMessage: reader.IsDBNull(7) ? null : reader.GetString(7),
                ResponseHeaders: reader.IsDBNull(8) ? null : HeaderJson.Deserialize(reader.GetString(8)),
                ResponseBody: reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9),
                Url: reader.IsDBNull(10) ? null : reader.GetString(10))));
        }

        var byDelivery = attempts.ToLookup(a => a.Delivery, a => a.Attempt);
        return new RequestRecord(
            id, webhook, state, outcome, receivedAt, method, path, query, headers, body, source,
            revisions,
            [.. deliveries.Select(d => new DeliveryRecord(d.Id, d.DestinationId, d.Url, d.State, d.InFlight, d.Count, d.Next, [.. byDelivery[d.Id]], d.Filtered))],
            verification,
            eventKey,
            duplicateOf,
            eventType);
    }

    /// <summary>
    /// Sends a request kept unverified to routing, where it gets its deliveries like any other. False when
    /// there is no such request or it is not unverified (released already, or never held back).
    /// </summary>
    public async Task<bool> ReleaseAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE requests SET state = 'received' WHERE id = @id AND state = 'unverified'");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Adds a revision built on the latest one. Refused while a delivery of the request is being sent
    /// (pending under an unexpired lease): that send reads the request as it was when claimed.
    /// </summary>
    public async Task<(EditOutcome Outcome, int Number)> EditAsync(Guid id, RevisionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var now = timeProvider.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The request row's lock numbers concurrent edits one after the other.
        await using var check = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM deliveries d WHERE d.request_id = r.id AND d.locked_until > @now),
                   @delivery IS NULL OR EXISTS (SELECT 1 FROM deliveries d WHERE d.request_id = r.id AND d.id = @delivery)
            FROM requests r WHERE r.id = @id
            FOR UPDATE OF r
            """, connection, transaction);
        check.Parameters.AddWithValue("id", id);
        check.Parameters.AddWithValue("now", now);
        check.Parameters.AddWithValue("delivery", NpgsqlDbType.Uuid, (object?)draft.DeliveryId ?? DBNull.Value);
        bool inFlight, deliveryKnown;
        await using (var reader = await check.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (EditOutcome.NotFound, 0);
            }

            inFlight = reader.GetBoolean(0);
            deliveryKnown = reader.GetBoolean(1);
        }

        if (!deliveryKnown)
        {
            return (EditOutcome.UnknownDelivery, 0);
        }

        if (inFlight)
        {
            return (EditOutcome.InFlight, 0);
        }

        await using var insert = new NpgsqlCommand("""
            INSERT INTO request_revisions (request_id, number, created_at, method, headers, body, destination_url, delivery_id)
            SELECT r.id, COALESCE(latest.number, 0) + 1, @now,
                   COALESCE(@method, latest.method, r.method),
                   COALESCE(@headers, latest.headers, r.headers),
                   COALESCE(@body, latest.body, r.body),
                   @url, @delivery
            FROM requests r
            LEFT JOIN LATERAL (
                SELECT v.number, v.method, v.headers, v.body FROM request_revisions v
                WHERE v.request_id = r.id ORDER BY v.number DESC LIMIT 1
            ) latest ON true
            WHERE r.id = @id
            RETURNING number
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("method", NpgsqlDbType.Text, (object?)draft.Method ?? DBNull.Value);
        insert.Parameters.AddWithValue("headers", NpgsqlDbType.Jsonb, draft.Headers is null ? DBNull.Value : HeaderJson.Serialize(draft.Headers));
        insert.Parameters.AddWithValue("body", NpgsqlDbType.Bytea, (object?)draft.Body ?? DBNull.Value);
        insert.Parameters.AddWithValue("url", NpgsqlDbType.Text, (object?)draft.DestinationUrl ?? DBNull.Value);
        insert.Parameters.AddWithValue("delivery", NpgsqlDbType.Uuid, (object?)draft.DeliveryId ?? DBNull.Value);
        var number = (int)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return (EditOutcome.Created, number);
    }

    internal static void AddSearch(NpgsqlCommand command, RequestSearch search, RequestCursor? cursor)
    {
        var p = command.Parameters;
        p.AddWithValue("webhook", NpgsqlDbType.Text, (object?)search.Webhook ?? DBNull.Value);
        p.AddWithValue("outcome", NpgsqlDbType.Text, (object?)search.Outcome ?? DBNull.Value);
        p.AddWithValue("destination", NpgsqlDbType.Bigint, (object?)search.DestinationId ?? DBNull.Value);
        p.AddWithValue("from", NpgsqlDbType.TimestampTz, (object?)search.From ?? DBNull.Value);
        p.AddWithValue("to", NpgsqlDbType.TimestampTz, (object?)search.To ?? DBNull.Value);
        p.AddWithValue("status", NpgsqlDbType.Integer, (object?)search.Status ?? DBNull.Value);
        p.AddWithValue("eventType", NpgsqlDbType.Text, (object?)search.EventType ?? DBNull.Value);
        p.AddWithValue("cursorAt", NpgsqlDbType.TimestampTz, (object?)cursor?.ReceivedAt ?? DBNull.Value);
        p.AddWithValue("cursorId", NpgsqlDbType.Uuid, (object?)cursor?.Id ?? DBNull.Value);
    }
}
