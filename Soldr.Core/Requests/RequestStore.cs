using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Requests;

/// <summary>Writes inbound requests. A request is acknowledged to its sender only after this commits.</summary>
public sealed class RequestStore(NpgsqlDataSource dataSource)
{
    public async Task SaveAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO requests (id, webhook_name, received_at, method, path, query, headers, body,
                                  source_address, trace_parent, trace_state)
            VALUES (@id, @webhook, @received, @method, @path, @query, @headers, @body,
                    @source, @traceparent, @tracestate)
            ON CONFLICT (id) DO NOTHING
            """);
        var p = command.Parameters;
        p.AddWithValue("id", request.Id);
        p.AddWithValue("webhook", request.WebhookName);
        p.AddWithValue("received", request.ReceivedAt);
        p.AddWithValue("method", request.Method);
        p.AddWithValue("path", request.Path);
        p.AddWithValue("query", request.Query);
        p.AddWithValue("headers", NpgsqlDbType.Jsonb, HeaderJson.Serialize(request.Headers));
        p.AddWithValue("body", NpgsqlDbType.Bytea, request.Body);
        p.AddWithValue("source", (object?)request.SourceAddress ?? DBNull.Value);
        p.AddWithValue("traceparent", (object?)request.TraceParent ?? DBNull.Value);
        p.AddWithValue("tracestate", (object?)request.TraceState ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
