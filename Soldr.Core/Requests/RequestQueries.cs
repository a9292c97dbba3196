using Npgsql;

namespace Soldr.Core.Requests;

/// <summary>Reads requests for the management API.</summary>
public sealed class RequestQueries(NpgsqlDataSource dataSource)
{
    public async Task<RequestDetails?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("""
                    SELECT id, webhook_name, state, received_at, method, path, query, headers::text, body, source_address
                    FROM requests WHERE id = $1
                    """),
                new("""
                    SELECT d.id, t.url, d.state, d.attempt_count,
                           CASE WHEN d.state = 'pending' THEN d.next_attempt_at END
                    FROM deliveries d JOIN destinations t ON t.id = d.destination_id
                    WHERE d.request_id = $1
                    ORDER BY d.created_at, t.url
                    """),
                new("""
                    SELECT a.delivery_id, a.number, a.started_at, a.duration_ms, a.status_code, a.error_kind,
                           a.error_message, a.response_headers::text, a.response_body
                    FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
                    WHERE d.request_id = $1
                    ORDER BY a.delivery_id, a.number
                    """),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var request = new
        {
            Webhook = reader.GetString(1),
            State = reader.GetString(2),
            ReceivedAt = reader.GetFieldValue<DateTimeOffset>(3),
            Method = reader.GetString(4),
            Path = reader.GetString(5),
            Query = reader.GetString(6),
            Headers = HeaderJson.Deserialize(reader.GetString(7)),
            Body = reader.GetFieldValue<byte[]>(8),
            Source = reader.IsDBNull(9) ? null : reader.GetString(9),
        };

        await reader.NextResultAsync(cancellationToken);
        var deliveries = new List<(Guid Id, string Url, string State, int Count, DateTimeOffset? Next)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }

        await reader.NextResultAsync(cancellationToken);
        var attempts = new List<(Guid Delivery, AttemptDetails Attempt)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add((reader.GetGuid(0), new AttemptDetails(
                Number: reader.GetInt32(1),
                StartedAt: reader.GetFieldValue<DateTimeOffset>(2),
                DurationMs: reader.GetDouble(3),
                StatusCode: reader.IsDBNull(4) ? null : reader.GetInt32(4),
                ErrorKind: reader.IsDBNull(5) ? null : reader.GetString(5),
                ErrorMessage: reader.IsDBNull(6) ? null : reader.GetString(6),
                ResponseHeaders: reader.IsDBNull(7) ? null : HeaderJson.Deserialize(reader.GetString(7)),
                ResponseBody: reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8))));
        }

        var attemptsByDelivery = attempts.ToLookup(a => a.Delivery, a => a.Attempt);
        return new RequestDetails(
            id, request.Webhook, request.State, request.ReceivedAt, request.Method, request.Path, request.Query,
            request.Headers, request.Body, request.Source,
            [.. deliveries.Select(d => new DeliveryDetails(d.Id, d.Url, d.State, d.Count, d.Next,
                [.. attemptsByDelivery[d.Id]]))]);
    }
}
