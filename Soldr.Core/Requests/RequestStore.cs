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
    private const string InsertSql = """
        WITH incoming AS (
            SELECT r.*, w.id AS webhook_id, w.enabled AS webhook_enabled,
                   EXISTS (SELECT 1 FROM destinations d WHERE d.webhook_id = w.id) AS deliverable
            FROM unnest(@ids, @webhooks, @received, @methods, @paths, @queries, @headers, @bodies,
                        @sources, @traceparents, @tracestates, @schemes)
                AS r(id, webhook_name, received_at, method, path, query, headers, body,
                     source_address, trace_parent, trace_state, scheme)
            LEFT JOIN webhooks w ON w.name = r.webhook_name
        ), saved AS (
            INSERT INTO requests (id, webhook_name, received_at, method, path, query, headers, body,
                                  source_address, trace_parent, trace_state, scheme, state, webhook_id, routed_at)
            SELECT id, webhook_name, received_at, method, path, query, headers::jsonb, body,
                   source_address, trace_parent, trace_state, scheme,
                   CASE WHEN deliverable THEN 'routed' ELSE 'unroutable' END, webhook_id, now()
            FROM incoming
            ON CONFLICT (id) DO NOTHING
            RETURNING id, webhook_id
        ), created AS (
            INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at, state)
            SELECT uuid_v7(now()), s.id, d.id, now(), now(),
                   CASE WHEN d.enabled AND i.webhook_enabled THEN 'pending' ELSE 'held' END
            FROM saved s
            JOIN incoming i ON i.id = s.id
            JOIN destinations d ON d.webhook_id = s.webhook_id
            RETURNING state
        )
        SELECT (SELECT count(*) FROM saved), (SELECT count(*) FROM created WHERE state = 'pending')
        """;

    /// <summary>Saves and routes all of <paramref name="requests"/> in one commit; says how many were new, and their deliveries.</summary>
    public async Task<SavedBatch> SaveBatchAsync(IReadOnlyList<IncomingRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return new SavedBatch(0, 0);
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
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SavedBatch((int)reader.GetInt64(0), (int)reader.GetInt64(1));
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

/// <summary>Of a batch, how many requests were new (not saved before), and how many deliveries are due (not held).</summary>
public sealed record SavedBatch(int Saved, int Deliveries);
