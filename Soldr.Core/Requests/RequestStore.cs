using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Requests;

/// <summary>Writes inbound requests. A request is acknowledged to its sender only after this commits.</summary>
public sealed class RequestStore(NpgsqlDataSource dataSource)
{
    // One statement is one round trip and one commit however many rows it carries. The request id is the
    // key, so writing a request again (a spool replayed after a crash mid-drain) adds nothing. Requests
    // are routed as they are saved: one delivery per destination of their webhook, pending, or held while
    // the destination or the webhook is disabled; a name with no webhook (or one without destinations) is
    // unroutable. Routing later would rewrite every request row (and its index entries) a second time.
    // A request carrying an event key claims it in request_keys unless a live claim exists; then it is a
    // duplicate of the claimant. The upsert always returns the row, so a claim committed by another
    // ingest an instant ago is seen (a plain SELECT in this statement would read the older snapshot), and
    // keys are claimed in one order so two batches cannot deadlock. Within a batch the earliest request
    // of a key claims it; a later one is its duplicate when inside the window.
    private const string InsertSql = """
        WITH incoming AS (
            SELECT r.*, w.id AS webhook_id, w.enabled AS webhook_enabled,
                   EXISTS (SELECT 1 FROM destinations d WHERE d.webhook_id = w.id) AS deliverable
            FROM unnest(@ids, @webhooks, @received, @methods, @paths, @queries, @headers, @bodies,
                        @sources, @traceparents, @tracestates, @schemes,
                        @verifications, @verified, @details, @keys, @hashes, @windows, @types)
                AS r(id, webhook_name, received_at, method, path, query, headers, body,
                     source_address, trace_parent, trace_state, scheme,
                     verification, verified, verification_detail, dedup_key, key_hash, dedup_window, event_type)
            LEFT JOIN webhooks w ON w.name = r.webhook_name
        ), firsts AS (
            SELECT DISTINCT ON (webhook_name, key_hash) webhook_name, key_hash, id, received_at, dedup_window
            FROM incoming
            WHERE key_hash IS NOT NULL
            ORDER BY webhook_name, key_hash, received_at, id
        ), claims AS (
            INSERT INTO request_keys AS k (webhook_name, key_hash, request_id, received_at, expires_at)
            SELECT webhook_name, key_hash, id, received_at, received_at + dedup_window
            FROM firsts
            ORDER BY webhook_name, key_hash
            ON CONFLICT (webhook_name, key_hash) DO UPDATE SET
                request_id = CASE WHEN k.expires_at <= EXCLUDED.received_at THEN EXCLUDED.request_id ELSE k.request_id END,
                received_at = CASE WHEN k.expires_at <= EXCLUDED.received_at THEN EXCLUDED.received_at ELSE k.received_at END,
                expires_at = CASE WHEN k.expires_at <= EXCLUDED.received_at THEN EXCLUDED.expires_at ELSE k.expires_at END
            RETURNING k.webhook_name, k.key_hash, k.request_id, k.expires_at
        ), judged AS (
            SELECT i.*,
                   CASE WHEN c.request_id <> i.id AND i.received_at < c.expires_at THEN c.request_id END AS duplicate_of
            FROM incoming i
            LEFT JOIN claims c ON c.webhook_name = i.webhook_name AND c.key_hash = i.key_hash
        ), saved AS (
            INSERT INTO requests (id, webhook_name, received_at, method, path, query, headers, body,
                                  source_address, trace_parent, trace_state, scheme, state, webhook_id, routed_at,
                                  verification, verified, verification_detail, dedup_key, duplicate_of, event_type)
            SELECT id, webhook_name, received_at, method, path, query, headers::jsonb, body,
                   source_address, trace_parent, trace_state, scheme,
                   CASE WHEN duplicate_of IS NOT NULL THEN 'duplicate'
                        WHEN NOT COALESCE(verified, true) THEN 'unverified'
                        WHEN deliverable THEN 'routed'
                        ELSE 'unroutable' END,
                   webhook_id, now(),
                   verification, verified, verification_detail, dedup_key, duplicate_of, event_type
            FROM judged
            ON CONFLICT (id) DO NOTHING
            RETURNING id, webhook_id, state, duplicate_of
        ), created AS (
            INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at, state)
            SELECT uuid_v7(now()), s.id, d.id, now(), now(),
                   CASE WHEN d.enabled AND i.webhook_enabled AND d.circuit_state = 'closed' THEN 'pending' ELSE 'held' END
            FROM saved s
            JOIN incoming i ON i.id = s.id
            JOIN destinations d ON d.webhook_id = s.webhook_id
            WHERE s.state = 'routed'
            RETURNING state
        )
        SELECT s.id, s.duplicate_of, (SELECT count(*) FROM saved), (SELECT count(*) FROM created WHERE state = 'pending')
        FROM (SELECT 1) AS one
        LEFT JOIN saved s ON s.duplicate_of IS NOT NULL
        """;

    /// <summary>Saves and routes all of <paramref name="requests"/> in one commit; says how many were new, and their deliveries.</summary>
    public async Task<SavedBatch> SaveBatchAsync(IReadOnlyList<IncomingRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return new SavedBatch(0, 0, null);
        }

        var n = requests.Count;
        var ids = new Guid[n];
        var webhooks = new string[n];
        var received = new DateTimeOffset[n];
        var methods = new string[n];
        var paths = new string[n];
        var queries = new string[n];
        var headers = new string[n];
        var bodies = new byte[n][];
        var sources = new string?[n];
        var traceParents = new string?[n];
        var traceStates = new string?[n];
        var schemes = new string?[n];
        var verifications = new string?[n];
        var verified = new bool?[n];
        var details = new string?[n];
        var keys = new string?[n];
        var hashes = new byte[]?[n];
        var windows = new TimeSpan?[n];
        var types = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var r = requests[i];
            ids[i] = r.Id;
            webhooks[i] = r.WebhookName;
            received[i] = r.ReceivedAt.ToUniversalTime();
            methods[i] = r.Method;
            paths[i] = r.Path;
            queries[i] = r.Query;
            headers[i] = HeaderJson.Serialize(r.Headers);
            bodies[i] = AsArray(r.Body);
            sources[i] = r.SourceAddress;
            traceParents[i] = r.TraceParent;
            traceStates[i] = r.TraceState;
            schemes[i] = r.Scheme;
            verifications[i] = r.Verification?.Method;
            verified[i] = r.Verification?.Verified;
            details[i] = r.Verification?.Detail;
            keys[i] = r.Deduplication?.Key;
            hashes[i] = r.Deduplication is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key.Key)) : null;
            windows[i] = r.Deduplication?.Window;
            types[i] = r.EventType;
        }

        await using var command = dataSource.CreateCommand(InsertSql);
        var p = command.Parameters;
        p.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids);
        p.AddWithValue("webhooks", NpgsqlDbType.Array | NpgsqlDbType.Text, webhooks);
        p.AddWithValue("received", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, received);
        p.AddWithValue("methods", NpgsqlDbType.Array | NpgsqlDbType.Text, methods);
        p.AddWithValue("paths", NpgsqlDbType.Array | NpgsqlDbType.Text, paths);
        p.AddWithValue("queries", NpgsqlDbType.Array | NpgsqlDbType.Text, queries);
        p.AddWithValue("headers", NpgsqlDbType.Array | NpgsqlDbType.Text, headers);
        p.AddWithValue("bodies", NpgsqlDbType.Array | NpgsqlDbType.Bytea, bodies);
        p.AddWithValue("sources", NpgsqlDbType.Array | NpgsqlDbType.Text, sources);
        p.AddWithValue("traceparents", NpgsqlDbType.Array | NpgsqlDbType.Text, traceParents);
        p.AddWithValue("tracestates", NpgsqlDbType.Array | NpgsqlDbType.Text, traceStates);
        p.AddWithValue("schemes", NpgsqlDbType.Array | NpgsqlDbType.Text, schemes);
        p.AddWithValue("verifications", NpgsqlDbType.Array | NpgsqlDbType.Text, verifications);
        p.AddWithValue("verified", NpgsqlDbType.Array | NpgsqlDbType.Boolean, verified);
        p.AddWithValue("details", NpgsqlDbType.Array | NpgsqlDbType.Text, details);
        p.AddWithValue("keys", NpgsqlDbType.Array | NpgsqlDbType.Text, keys);
        p.AddWithValue("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea, hashes);
        p.AddWithValue("windows", NpgsqlDbType.Array | NpgsqlDbType.Interval, windows);
        p.AddWithValue("types", NpgsqlDbType.Array | NpgsqlDbType.Text, types);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Dictionary<Guid, Guid>? duplicates = null;
        int saved = 0, deliveries = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0))
            {
                (duplicates ??= []).Add(reader.GetGuid(0), reader.GetGuid(1));
            }

            saved = (int)reader.GetInt64(2);
            deliveries = (int)reader.GetInt64(3);
        }

        return new SavedBatch(saved, deliveries, duplicates);
    }

    /// <summary>One cheap round trip: is PostgreSQL answering?</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    // Captured bodies are exact arrays already; copying them again would double the memory of a batch.
    private static byte[] AsArray(ReadOnlyMemory<byte> body) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
            && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : body.ToArray();
}

/// <summary>
/// Of a batch, how many requests were new (not saved before), how many deliveries are due (not held), and
/// which new requests were duplicates, each with the id of the first of its event (null: none were).
/// </summary>
public sealed record SavedBatch(int Saved, int Deliveries, IReadOnlyDictionary<Guid, Guid>? Duplicates)
{
    /// <summary>The id a request is answered with: the first of its event's when it was a duplicate, else its own.</summary>
    public Guid AnswerFor(Guid id) => Duplicates is not null && Duplicates.TryGetValue(id, out var first) ? first : id;
}
