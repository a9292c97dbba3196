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

    // Follows a CTE "chosen" of delivery ids: locks them by id alone, skipping one another worker locked
    // meanwhile (the claim then comes back short), and keeps those still pending, due and not leased, as
    // their latest versions say once locked. Given "pending" and "due" to lock by, a planner whose
    // statistics predate a sudden backlog walked deliveries_due through all of it to find the few chosen
    // (12 ms a claim in a drain of 100,000), and looked for sequential heads once per pending delivery
    // (minutes); see docs/benchmarks.md.
    private const string LockChosenSql = """
        , locked AS (
            SELECT id, request_id, destination_id, state, next_attempt_at, locked_until
            FROM deliveries
            WHERE id = ANY (ARRAY(SELECT id FROM chosen))
            FOR UPDATE SKIP LOCKED
        ), due AS (
            SELECT id, request_id, destination_id
            FROM locked
            WHERE state = 'pending'
              AND next_attempt_at <= @now
              AND (locked_until IS NULL OR locked_until <= @now)
        )
        """;

    // The earliest due deliveries of every destination but the busy ones, taken in turns: each
    // destination's earliest first, then each one's second, and so on, so a destination with a backlog
    // fills a claim only once the others' due deliveries are in it. The turns are numbered over what the
    // per-destination scans found (at most @max each), never over a backlog. They are found destination by
    // destination through deliveries_pending_by_destination: in time order a busy destination's backlog
    // would be read past row by row. "Not completed" (pending or held) is that index's predicate, which no
    // other index serves (see its migration): asking for "pending" here would let the planner pick the
    // time-ordered scan again. Held rows belong to disabled destinations or open circuits, left out here,
    // or to disabled webhooks, whose destinations then have nothing pending; "due" checks the state.
    // Sequential destinations are claimed by their own statement. Within a turn, a high-priority webhook's
    // deliveries go ahead of others due up to a minute earlier, a low one's behind them. The rows are
    // chosen first and locked after (see LockChosenSql), so only those claimed are locked.
    private const string DueOutsideBusySql = $"""
        WITH chosen AS (
            SELECT id
            FROM (
                SELECT c.id, c.next_attempt_at, w.settings ->> 'priority' AS priority,
                       row_number() OVER (PARTITION BY t.id ORDER BY c.next_attempt_at) AS turn
                FROM destinations t
                JOIN webhooks w ON w.id = t.webhook_id
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
                WHERE t.id <> ALL (@busy) AND t.enabled AND t.circuit_state = 'closed' AND NOT t.sequential
            ) ranked
            ORDER BY turn,
                     next_attempt_at - CASE priority WHEN 'high' THEN interval '1 minute'
                                                     WHEN 'low' THEN interval '-1 minute'
                                                     ELSE interval '0' END
            LIMIT @max
        ){LockChosenSql}
        """;

    // Each sequential destination's head: the delivery in progress (kept at the head through its retries),
    // else the earliest not completed, in the order received. Claimed only when due, free and pending:
    // a head that is held, waiting for a retry or being sent holds the whole line. Heads are locked as in
    // the claim above (see LockChosenSql).
    private const string DueSequentialSql = $"""
        WITH chosen AS (
            SELECT h.id
            FROM destinations t
            CROSS JOIN LATERAL (
                (SELECT x.id FROM deliveries x WHERE x.id = t.sequence_head AND x.completed_at IS NULL)
                UNION ALL
                (SELECT x.id FROM deliveries x
                 WHERE x.destination_id = t.id AND x.completed_at IS NULL
                 ORDER BY x.next_attempt_at, x.request_id
                 LIMIT 1)
                LIMIT 1
            ) h
            WHERE t.sequential AND t.enabled AND t.circuit_state = 'closed' AND t.id <> ALL (@busy)
        ){LockChosenSql}, marked AS (
            UPDATE destinations t SET sequence_head = due.id FROM due WHERE t.id = due.destination_id
        )
        """;

    // One held delivery of an open circuit claimed as its probe: a sequential destination's head, else the
    // earliest due.
    private const string DueProbeSql = """
        WITH due AS (
            SELECT d.id, d.request_id, d.destination_id
            FROM deliveries d
            WHERE d.destination_id = @destination AND d.state = 'held'
              AND (d.locked_until IS NULL OR d.locked_until <= @now)
            ORDER BY d.id IS NOT DISTINCT FROM (SELECT sequence_head FROM destinations WHERE id = @destination) DESC,
                     d.next_attempt_at, d.request_id
            LIMIT 1
            FOR UPDATE SKIP LOCKED
        )
        """;

    // Leases what "due" found and reads what each send needs. A delivery whose destination or webhook is
    // disabled, or whose circuit is open, is held instead of leased: enabling, disabling and the circuit
    // hold and release deliveries as they commit, but ingest may have saved one for a pair disabled while
    // its batch was being written. A probe is claimed from an open circuit, and stays held while it is sent.
    private const string Sendable = "t.enabled AND w.enabled AND (t.circuit_state = 'closed' OR @probe)";

    private const string ClaimSql = $"""
        UPDATE deliveries d
        SET locked_until = CASE WHEN {Sendable} THEN @until END,
            lease = CASE WHEN {Sendable} THEN @lease END,
            attempt_count = d.attempt_count + CASE WHEN {Sendable} THEN 1 ELSE 0 END,
            state = CASE WHEN {Sendable} THEN d.state ELSE 'held' END
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
                  {Sendable}, r.event_type
        """;

    private const string ClaimInTimeOrderSql = DueInTimeOrderSql + ClaimSql;

    internal const string ClaimOutsideBusySql = DueOutsideBusySql + ClaimSql;

    internal const string ClaimSequentialSql = DueSequentialSql + ClaimSql;

    private const string ClaimProbeSql = DueProbeSql + ClaimSql;

    // Which destinations are sequential changes only with settings: read at most once a second.
    private long[] _sequential = [];
    private DateTimeOffset _sequentialReadAt = DateTimeOffset.MinValue;

    /// <summary>
    /// Claims up to <paramref name="max"/> due deliveries, skipping those of <paramref name="busyDestinations"/>
    /// (destinations this worker already holds enough of), so that one destination's backlog does not
    /// keep the others waiting, and the head of each sequential destination's line. The attempt is counted
    /// at the claim: a delivery whose send kills its worker still runs out of attempts instead of being
    /// retried for ever.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryWork>> ClaimDueAsync(
        int max, TimeSpan leaseDuration, IReadOnlyCollection<long> busyDestinations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(busyDestinations);
        var sequential = await SequentialDestinationsAsync(cancellationToken);
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

        // Sequential destinations are left out of the time-ordered claim too: only their heads may go. With
        // nothing to leave out, the time-ordered claim reads fewest rows; priorities order only the claims
        // beside a full line, when the worker is behind.
        var skipped = sequential.Length == 0 ? busyDestinations.ToArray() : [.. busyDestinations.Union(sequential)];
        var command = skipped.Length == 0
            ? new NpgsqlBatchCommand(ClaimInTimeOrderSql)
            : new NpgsqlBatchCommand(ClaimOutsideBusySql);
        AddClaimParameters(command.Parameters, now, leaseDuration, lease, max, skipped);
        batch.BatchCommands.Add(command);
        if (sequential.Length > 0)
        {
            var heads = new NpgsqlBatchCommand(ClaimSequentialSql);
            AddClaimParameters(heads.Parameters, now, leaseDuration, lease, max, [.. busyDestinations]);
            batch.BatchCommands.Add(heads);
        }

        var claimed = new List<DeliveryWork>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.NextResultAsync(cancellationToken))
        {
            await ReadClaimedAsync(reader, lease, now, now + leaseDuration, claimed, cancellationToken);
        }

        return claimed;
    }

    /// <summary>
    /// Claims the earliest held delivery of <paramref name="destinationId"/>, whose circuit is open, to be
    /// sent as its probe. Null when none is held (or another worker is sending it).
    /// </summary>
    public async Task<DeliveryWork?> ClaimProbeAsync(long destinationId, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lease = Guid.CreateVersion7(now);
        await using var command = dataSource.CreateCommand(ClaimProbeSql);
        AddClaimParameters(command.Parameters, now, leaseDuration, lease, 1, null, probe: true);
        command.Parameters.AddWithValue("destination", destinationId);
        var claimed = new List<DeliveryWork>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await ReadClaimedAsync(reader, lease, now, now + leaseDuration, claimed, cancellationToken);
        return claimed.SingleOrDefault();
    }

    private async ValueTask<long[]> SequentialDestinationsAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now - _sequentialReadAt < TimeSpan.FromSeconds(1))
        {
            return _sequential;
        }

        await using var command = dataSource.CreateCommand("SELECT ARRAY(SELECT id FROM destinations WHERE sequential)");
        _sequential = (long[])(await command.ExecuteScalarAsync(cancellationToken))!;
        _sequentialReadAt = now;
        return _sequential;
    }

    internal static void AddClaimParameters(
        NpgsqlParameterCollection parameters, DateTimeOffset now, TimeSpan leaseDuration, Guid lease, int max, long[]? busy, bool probe = false)
    {
        parameters.AddWithValue("now", now);
        parameters.AddWithValue("until", now + leaseDuration);
        parameters.AddWithValue("lease", lease);
        parameters.AddWithValue("max", max);
        parameters.AddWithValue("probe", probe);
        if (busy is not null)
        {
            parameters.Add(new NpgsqlParameter("busy", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = busy });
        }
    }

    private async Task ReadClaimedAsync(
        NpgsqlDataReader reader, Guid lease, DateTimeOffset claimedAt, DateTimeOffset leaseExpiresAt, List<DeliveryWork> claimed, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.GetBoolean(21))
            {
                continue;
            }

            claimed.Add(new DeliveryWork(
                DeliveryId: reader.GetGuid(0),
                Lease: lease,
                LeaseExpiresAt: leaseExpiresAt,
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
                EventType: reader.IsDBNull(22) ? null : reader.GetString(22),
                ClaimedAt: claimedAt));
        }
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
