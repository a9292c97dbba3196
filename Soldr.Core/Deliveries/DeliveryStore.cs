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
public sealed class DeliveryStore(NpgsqlDataSource dataSource, DeliveryPolicies policies, TimeProvider timeProvider)
{
    // The earliest due deliveries, whoever they are for.
    private const string DueInTimeOrderSql = """
        WITH due AS (
            SELECT id, request_id, destination_id
            FROM deliveries
            WHERE state = 'pending'
              AND next_attempt_at <= @now
              AND (locked_until IS NULL OR locked_until <= @now)
            ORDER BY next_attempt_at
            LIMIT @max
            FOR UPDATE SKIP LOCKED
        )
        """;

    // The earliest due deliveries of every destination but the busy ones, found destination by
    // destination through deliveries_pending_by_destination: in time order a busy destination's backlog
    // would be read past row by row. "Not completed" (pending or held) is that index's predicate, which no
    // other index serves (see its migration): asking for "pending" here would let the planner pick the
    // time-ordered scan again. Held rows belong to disabled destinations, left out here, or to disabled
    // webhooks, whose destinations then have nothing pending; "due" checks the state. The rows are chosen
    // first and locked after, so only those claimed are locked; one another worker locked meanwhile is
    // skipped, and this claim comes back short.
    private const string DueOutsideBusySql = """
        WITH candidate AS (
            SELECT c.id
            FROM destinations t
            CROSS JOIN LATERAL (
                SELECT d.id, d.next_attempt_at
                FROM deliveries d
                WHERE d.destination_id = t.id
                  AND d.completed_at IS NULL
                  AND d.next_attempt_at <= @now
                  AND (d.locked_until IS NULL OR d.locked_until <= @now)
                ORDER BY d.next_attempt_at
                LIMIT @max
            ) c
            WHERE t.id <> ALL (@busy) AND t.enabled
            ORDER BY c.next_attempt_at
            LIMIT @max
        ), due AS (
            SELECT id, request_id, destination_id
            FROM deliveries
            WHERE id IN (SELECT id FROM candidate)
              AND state = 'pending'
              AND next_attempt_at <= @now
              AND (locked_until IS NULL OR locked_until <= @now)
            FOR UPDATE SKIP LOCKED
        )
        """;

    // Leases what "due" found and reads what each send needs. A delivery whose destination or webhook is
    // disabled is held instead of leased: enabling and disabling hold and release deliveries as they
    // commit, but ingest may have saved one for a pair disabled while its batch was being written.
    private const string ClaimSql = """
        UPDATE deliveries d
        SET locked_until = CASE WHEN t.enabled AND w.enabled THEN @until END,
            lease = CASE WHEN t.enabled AND w.enabled THEN @lease END,
            attempt_count = d.attempt_count + CASE WHEN t.enabled AND w.enabled THEN 1 ELSE 0 END,
            state = CASE WHEN t.enabled AND w.enabled THEN d.state ELSE 'held' END
        FROM due
        JOIN requests r ON r.id = due.request_id
        JOIN destinations t ON t.id = due.destination_id
        JOIN webhooks w ON w.id = t.webhook_id
        -- The latest edit of the request, if any, is what is sent; the latest edit that redirects
        -- this delivery (or all of the request's) says where.
        LEFT JOIN LATERAL (
            SELECT v.number, v.method, v.headers, v.body
            FROM request_revisions v
            WHERE v.request_id = r.id
            ORDER BY v.number DESC
            LIMIT 1
        ) latest ON true
        LEFT JOIN LATERAL (
            SELECT v.destination_url
            FROM request_revisions v
            WHERE v.request_id = r.id AND v.destination_url IS NOT NULL
              AND (v.delivery_id IS NULL OR v.delivery_id = due.id)
            ORDER BY v.number DESC
            LIMIT 1
        ) redirect ON true
        WHERE d.id = due.id
        RETURNING d.id, d.attempt_count, r.id, r.webhook_name, r.received_at,
                  COALESCE(latest.method, r.method), r.path, r.query,
                  COALESCE(latest.headers, r.headers)::text, COALESCE(latest.body, r.body),
                  r.source_address, r.trace_parent, r.trace_state,
                  t.id, COALESCE(redirect.destination_url, t.url), w.settings::text, t.settings::text,
                  COALESCE(latest.number, 0), d.attempt_base, r.scheme, redirect.destination_url IS NOT NULL,
                  t.enabled AND w.enabled, r.event_type
        """;

    private const string ClaimInTimeOrderSql = DueInTimeOrderSql + ClaimSql;

    private const string ClaimOutsideBusySql = DueOutsideBusySql + ClaimSql;

    /// <summary>
    /// Claims up to <paramref name="max"/> due deliveries, skipping those of <paramref name="busyDestinations"/>
    /// (destinations this worker already holds enough of), so that one destination's backlog does not
    /// keep the others waiting. The attempt is counted at the claim: a delivery whose send kills its worker
    /// still runs out of attempts instead of being retried for ever.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryWork>> ClaimDueAsync(
        int max, TimeSpan leaseDuration, IReadOnlyCollection<long> busyDestinations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(busyDestinations);
        var now = timeProvider.GetUtcNow();
        var lease = Guid.CreateVersion7(now);
        await using var batch = dataSource.CreateBatch();
        // The claim is prepared, and after a few runs PostgreSQL may keep one plan for it, made from the
        // statistics of the moment. With those of a populated table it does not: a plan for any limit and
        // any time looks costlier than one for the values at hand, so it plans each claim anew.
        // With those of an empty table every plan looks free, and the one kept reads the whole table,
        // comparing every row with every claimed one, in each claim until the table is analyzed again.
        // So each claim is planned afresh by rule. The setting is local to the batch's implicit
        // transaction: nothing else the connection runs is planned that way.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)"));
        var command = busyDestinations.Count == 0
            ? new NpgsqlBatchCommand(ClaimInTimeOrderSql)
            : new NpgsqlBatchCommand(ClaimOutsideBusySql)
            {
                Parameters = { new NpgsqlParameter("busy", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = busyDestinations.ToArray() } },
            };
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("until", now + leaseDuration);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("max", max);

        batch.BatchCommands.Add(command);

        var claimed = new List<DeliveryWork>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.GetBoolean(21))
            {
                continue;
            }

            claimed.Add(new DeliveryWork(
                DeliveryId: reader.GetGuid(0),
                Lease: lease,
                LeaseExpiresAt: now + leaseDuration,
                AttemptNumber: reader.GetInt32(1),
                RequestId: reader.GetGuid(2),
                WebhookName: reader.GetString(3),
                ReceivedAt: reader.GetFieldValue<DateTimeOffset>(4),
                Method: reader.GetString(5),
                Path: reader.GetString(6),
                Query: reader.GetString(7),
                Headers: HeaderJson.Deserialize(reader.GetString(8)),
                Body: reader.GetFieldValue<byte[]>(9),
                SourceAddress: reader.IsDBNull(10) ? null : reader.GetString(10),
                TraceParent: reader.IsDBNull(11) ? null : reader.GetString(11),
                TraceState: reader.IsDBNull(12) ? null : reader.GetString(12),
                DestinationId: reader.GetInt64(13),
                DestinationUrl: reader.GetString(14),
                Policy: policies.For(reader.GetString(15), reader.GetString(16)),
                Revision: reader.GetInt32(17),
                AttemptBase: reader.GetInt32(18),
                Scheme: reader.IsDBNull(19) ? null : reader.GetString(19),
                Redirected: reader.GetBoolean(20),
                EventType: reader.IsDBNull(22) ? null : reader.GetString(22)));
        }

        return claimed;
    }

    /// <summary>
    /// Extends a lease, for a send whose timeout is longer than the lease it was claimed with. Returns
    /// whether the lease was still ours.
    /// </summary>
    public async Task<bool> RenewAsync(DeliveryWork work, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var command = dataSource.CreateCommand(
            "UPDATE deliveries SET locked_until = @until WHERE id = @id AND lease = @lease");
        command.Parameters.AddWithValue("id", work.DeliveryId);
        command.Parameters.AddWithValue("lease", work.Lease);
        command.Parameters.AddWithValue("until", until);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Gives claimed deliveries back without an attempt, for another worker to claim at once: used when
    /// this worker stops before it could finish them. The attempt counted at the claim is taken back.
    /// </summary>
    public async Task<int> ReleaseAsync(IReadOnlyCollection<DeliveryWork> works, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(works);
        if (works.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE deliveries d
            SET locked_until = NULL, lease = NULL, attempt_count = d.attempt_count - 1
            FROM unnest(@ids, @leases) AS released (id, lease)
            WHERE d.id = released.id AND d.lease = released.lease
            """);
        command.Parameters.AddWithValue("ids", works.Select(w => w.DeliveryId).ToArray());
        command.Parameters.AddWithValue("leases", works.Select(w => w.Lease).ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
