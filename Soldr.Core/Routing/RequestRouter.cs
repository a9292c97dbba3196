using Npgsql;

namespace Soldr.Core.Routing;

/// <summary>
/// Resolves saved requests to their webhook and creates one delivery per destination, in one statement
/// (the rule <see cref="Requests.RequestStore"/> applies as ingest saves): pending, or held while the
/// destination or webhook is disabled. Requests for no webhook, or one with no destination, become unroutable.
/// SKIP LOCKED lets several workers route side by side without taking the same request.
/// </summary>
public sealed class RequestRouter(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public async Task<RoutingResult> RouteBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH claimed AS (
                SELECT id, webhook_name
                FROM requests
                WHERE state = 'received'
                ORDER BY received_at
                LIMIT @batch
                FOR UPDATE SKIP LOCKED
            ), resolved AS (
                SELECT c.id, w.id AS webhook_id, w.enabled AS webhook_enabled,
                       EXISTS (SELECT 1 FROM destinations d WHERE d.webhook_id = w.id) AS deliverable
                FROM claimed c
                LEFT JOIN webhooks w ON w.name = c.webhook_name
            ), created AS (
                INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at, state)
                SELECT uuid_v7(@now), r.id, d.id, @now, @now,
                       CASE WHEN d.enabled AND r.webhook_enabled AND d.circuit_state = 'closed' THEN 'pending' ELSE 'held' END
                FROM resolved r
                JOIN destinations d ON d.webhook_id = r.webhook_id
                ON CONFLICT (request_id, destination_id) DO NOTHING
                RETURNING 1
            )
            UPDATE requests q
            SET state = CASE WHEN r.deliverable THEN 'routed' ELSE 'unroutable' END,
                webhook_id = r.webhook_id,
                routed_at = @now
            FROM resolved r
            WHERE q.id = r.id
            RETURNING q.state, (SELECT count(*) FROM created)
            """);
        command.Parameters.AddWithValue("batch", batchSize);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());

        int routed = 0, unroutable = 0;
        long deliveries = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetString(0) == "routed")
            {
                routed++;
            }
            else
            {
                unroutable++;
            }

            deliveries = reader.GetInt64(1);
        }

        return new RoutingResult(routed, unroutable, (int)deliveries);
    }
}

/// <summary>How many requests a routing pass resolved, and how many deliveries it created.</summary>
public sealed record RoutingResult(int Routed, int Unroutable, int DeliveriesCreated)
{
    public int Total => Routed + Unroutable;
}
