using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Requests;

/// <summary>Writes inbound requests. A request is acknowledged to its sender only after this commits.</summary>
public sealed class RequestStore(NpgsqlDataSource dataSource)
{
    // One statement is one round trip and one commit however many rows it carries. The request id is the
    // key, so writing a request again (a spool replayed after a crash mid-drain) adds nothing.
    private const string InsertSql = """
        INSERT INTO requests (id, webhook_name, received_at, method, path, query, headers, body,
                              source_address, trace_parent, trace_state)
        SELECT id, webhook_name, received_at, method, path, query, headers::jsonb, body,
               source_address, trace_parent, trace_state
        FROM unnest(@ids, @webhooks, @received, @methods, @paths, @queries, @headers, @bodies,
                    @sources, @traceparents, @tracestates)
            AS r(id, webhook_name, received_at, method, path, query, headers, body,
                 source_address, trace_parent, trace_state)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Saves all of <paramref name="requests"/> in one commit; returns how many were new.</summary>
    public async Task<int> SaveBatchAsync(IReadOnlyList<IncomingRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return 0;
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
        return await command.ExecuteNonQueryAsync(cancellationToken);
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
