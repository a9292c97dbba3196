using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Management;

/// <summary>
/// Re-sends and cancellations, of the deliveries an operator chose and no others.
/// A re-send sends now whatever the delivery's state: a finished delivery goes back to pending (held, if
/// its destination or webhook is disabled) with a fresh retry budget (<c>attempt_base</c> remembers the
/// attempts made before it, so attempt numbers keep growing and stay unique); a delivery being sent right
/// now is left to finish and reported as such. A cancellation finishes a pending or held delivery; one
/// being sent keeps its current attempt (recorded, and a success stands) but gets no further one.
/// </summary>
public sealed class DeliveryCommands(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    // Back to pending, due now, or held while the destination or webhook is disabled. A delivery being sent
    // (leased, whatever its state: a cancelled or held one finishes its attempt) is left to finish.
    private const string Requeue = """
        UPDATE deliveries d
        SET state = CASE WHEN t.enabled AND w.enabled THEN 'pending' ELSE 'held' END,
            next_attempt_at = @now, completed_at = NULL,
            attempt_base = CASE WHEN d.state IN ('pending', 'held') THEN d.attempt_base ELSE d.attempt_count END
        FROM destinations t JOIN webhooks w ON w.id = t.webhook_id
        WHERE t.id = d.destination_id
          AND (d.locked_until IS NULL OR d.locked_until <= @now)
        """;

    private const string Cancel = """
        UPDATE deliveries d
        SET state = 'cancelled', completed_at = @now
        WHERE d.state IN ('pending', 'held')
        """;

    // The chosen deliveries of one request; nothing changes unless every id named is one of them.
    private const string OneRequestTemplate = """
        WITH chosen AS (
            SELECT d.id, d.destination_id, d.state, COALESCE(d.locked_until > @now, false) AS in_flight
            FROM deliveries d
            WHERE d.request_id = @request AND (@all OR d.id = ANY (@ids))
        ), rerouted AS (
            UPDATE requests r SET state = 'received', routed_at = NULL
            WHERE @reroute AND @all AND r.id = @request AND r.state IN ('unroutable', 'received')
        ), changed AS (
            {change}
              AND d.id IN (SELECT id FROM chosen)
              AND (@all OR (SELECT count(*) FROM chosen) = cardinality(@ids))
            RETURNING d.id, d.state
        )
        SELECT c.id, c.destination_id, t.url, COALESCE(ch.state, c.state), ch.id IS NOT NULL, c.in_flight
        FROM chosen c
        JOIN destinations t ON t.id = c.destination_id
        LEFT JOIN changed ch ON ch.id = c.id
        ORDER BY t.url
        """;

    // The deliveries of every request a search matches (newest first, up to @limit of them; all when null), to
    // one destination if the search names one. The last columns say how many requests matched and which was last.
    private const string ManyRequestsTemplate = """
        WITH matched AS (
            SELECT id, received_at FROM ({summaries}) s WHERE @outcome IS NULL OR s.outcome = @outcome
            ORDER BY received_at DESC, id DESC
            LIMIT @limit
        ), rerouted AS (
            UPDATE requests r SET state = 'received', routed_at = NULL
            WHERE @reroute AND r.id IN (SELECT id FROM matched) AND r.state IN ('unroutable', 'received')
            RETURNING r.id
        ), changed AS (
            {change}
              AND d.request_id IN (SELECT id FROM matched)
              AND (@destination IS NULL OR d.destination_id = @destination)
              AND (@states IS NULL OR d.state = ANY (@states))
            RETURNING d.state, d.request_id
        )
        SELECT (SELECT count(*) FROM changed WHERE state = 'pending'), (SELECT count(*) FROM changed WHERE state = 'held'),
               (SELECT count(*) FROM changed WHERE state = 'cancelled'), (SELECT count(DISTINCT request_id) FROM changed),
               (SELECT count(*) FROM rerouted), (SELECT count(*) FROM matched), last.received_at, last.id
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT received_at, id FROM matched ORDER BY received_at, id LIMIT 1) last ON true
        """;

    private static readonly string ResendOneSql = OneRequestTemplate.Replace("{change}", Requeue, StringComparison.Ordinal);
    private static readonly string CancelOneSql = OneRequestTemplate.Replace("{change}", Cancel, StringComparison.Ordinal);
    private static readonly string ResendManySql = Many(Requeue);
    private static readonly string CancelManySql = Many(Cancel);

    /// <summary>
    /// Re-sends <paramref name="deliveryIds"/> of the request (every delivery when null, and routes it again
    /// if it found no webhook). Null when the request does not exist.
    /// </summary>
    public Task<RequestDeliveryChanges?> ResendAsync(
        Guid requestId, IReadOnlyCollection<Guid>? deliveryIds, CancellationToken cancellationToken) =>
        ChangeOneAsync(ResendOneSql, requestId, deliveryIds, reroute: true, cancellationToken);

    /// <summary>
    /// Cancels <paramref name="deliveryIds"/> of the request (every unfinished one when null). Null when the
    /// request does not exist.
    /// </summary>
    public Task<RequestDeliveryChanges?> CancelAsync(
        Guid requestId, IReadOnlyCollection<Guid>? deliveryIds, CancellationToken cancellationToken) =>
        ChangeOneAsync(CancelOneSql, requestId, deliveryIds, reroute: false, cancellationToken);

    /// <summary>
    /// Re-sends the deliveries of the next <paramref name="limit"/> requests (newest first, after
    /// <paramref name="after"/>) that <paramref name="search"/> matches: only the failed ones when
    /// <paramref name="failedOnly"/>, else all of them (and requests that found no webhook are routed again).
    /// Runs in the caller's transaction, so the caller can record its progress with the change.
    /// </summary>
    public static async Task<BulkPage> ResendPageAsync(
        NpgsqlTransaction transaction, RequestSearch search, bool failedOnly, RequestCursor? after, int limit, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = new NpgsqlCommand(ResendManySql, transaction.Connection, transaction);
        return await ChangeManyAsync(command, search, failedOnly ? ["failed"] : null, reroute: !failedOnly, after, limit, now, cancellationToken);
    }

    /// <summary>Cancels the pending and held deliveries of every request <paramref name="search"/> matches.</summary>
    public async Task<BulkDeliveryChanges> CancelManyAsync(RequestSearch search, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CancelManySql);
        var page = await ChangeManyAsync(command, search, null, reroute: false, null, null, timeProvider.GetUtcNow(), cancellationToken);
        return page.Changes;
    }

    private async Task<RequestDeliveryChanges?> ChangeOneAsync(
        string sql, Guid requestId, IReadOnlyCollection<Guid>? deliveryIds, bool reroute, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The request row's lock orders this change after any edit of the request in progress. Its state
        // under that lock says whether the statement below sends it back to routing.
        string state;
        await using (var find = new NpgsqlCommand("SELECT state FROM requests WHERE id = @request FOR UPDATE", connection, transaction))
        {
            find.Parameters.AddWithValue("request", requestId);
            if (await find.ExecuteScalarAsync(cancellationToken) is not string found)
            {
                return null;
            }

            state = found;
        }

        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("request", requestId);
        command.Parameters.AddWithValue("all", deliveryIds is null);
        command.Parameters.AddWithValue("ids", (deliveryIds ?? []).Distinct().ToArray());
        command.Parameters.AddWithValue("reroute", reroute);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        var deliveries = new List<DeliveryChange>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                deliveries.Add(new DeliveryChange(
                    reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4),
                    reader.GetBoolean(5)));
            }
        }

        var unknown = (deliveryIds ?? []).Where(id => deliveries.All(d => d.DeliveryId != id)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            // Nothing was changed (the statement's guard); say which ids were not the request's.
            return new RequestDeliveryChanges(deliveries, unknown, false);
        }

        await transaction.CommitAsync(cancellationToken);
        var rerouted = reroute && deliveryIds is null && state is "unroutable" or "received";
        return new RequestDeliveryChanges(deliveries, [], rerouted);
    }

    private static async Task<BulkPage> ChangeManyAsync(
        NpgsqlCommand command, RequestSearch search, string[]? states, bool reroute, RequestCursor? after, int? limit, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        RequestAdminStore.AddSearch(command, search, after);
        command.Parameters.AddWithValue("states", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)states ?? DBNull.Value);
        command.Parameters.AddWithValue("reroute", reroute);
        command.Parameters.AddWithValue("limit", NpgsqlDbType.Integer, (object?)limit ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var changes = new BulkDeliveryChanges(
            Queued: reader.GetInt64(0), Held: reader.GetInt64(1), Cancelled: reader.GetInt64(2), Requests: reader.GetInt64(3),
            Rerouted: reader.GetInt64(4));
        var last = reader.IsDBNull(6) ? null : new RequestCursor(reader.GetFieldValue<DateTimeOffset>(6), reader.GetGuid(7));
        return new BulkPage(changes, reader.GetInt64(5), last);
    }

    private static string Many(string change) => ManyRequestsTemplate
        .Replace("{summaries}", RequestAdminStore.Summaries, StringComparison.Ordinal)
        .Replace("{change}", change, StringComparison.Ordinal);
}

/// <summary>
/// One delivery a command chose: its state afterwards, whether the command changed it, and whether it was
/// being sent at that moment (a re-send leaves it to finish; a cancellation stops its retries).
/// </summary>
public sealed record DeliveryChange(Guid DeliveryId, long DestinationId, string DestinationUrl, string State, bool Changed, bool InFlight);

/// <summary>
/// What a command did to one request's deliveries. <see cref="UnknownIds"/>: named ids that are not the
/// request's (then nothing changed). <see cref="Rerouted"/>: the request goes back to routing.
/// </summary>
public sealed record RequestDeliveryChanges(IReadOnlyList<DeliveryChange> Deliveries, IReadOnlyList<Guid> UnknownIds, bool Rerouted);

/// <summary>What a command did across the requests a search matched.</summary>
public sealed record BulkDeliveryChanges(long Queued, long Held, long Cancelled, long Requests, long Rerouted);

/// <summary>What a command did to one page of matching requests: how many matched, and the last of them (null: none).</summary>
public sealed record BulkPage(BulkDeliveryChanges Changes, long Matched, RequestCursor? Last);
