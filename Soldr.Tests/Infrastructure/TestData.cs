using Npgsql;
using Soldr.Core.Requests;

namespace Soldr.Tests.Infrastructure;

/// <summary>Rows written straight into a test database, for tests about what happens after ingest.</summary>
public static class TestData
{
    /// <summary>
    /// A saved request as ingest would store it, with a Host header, a hop-by-hop header and one of the
    /// sender's own, addressed to <c>/orders/7?id=1</c>.
    /// </summary>
    public static async Task<Guid> SaveRequestAsync(NpgsqlDataSource dataSource, string webhook, string body = """{"n":1}""")
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var id = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO requests (id, webhook_name, received_at, method, path, query, headers, body, source_address)
            VALUES (@id, @webhook, now(), 'POST', '/orders/7', 'id=1', @headers::jsonb, convert_to(@body, 'UTF8'), '203.0.113.9')
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("webhook", webhook);
        command.Parameters.AddWithValue("headers", $$"""
            [["Host","{{webhook}}.wh.localhost:8080"],["Content-Type","application/json"],["Connection","keep-alive"],
             ["X-Custom","kept"],["X-Forwarded-For","198.51.100.1"]]
            """);
        command.Parameters.AddWithValue("body", body);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>
    /// A request as ingest hands it to the store, received now: a POST to <c>/</c> with no headers; set what a
    /// test is about with <c>with</c>.
    /// </summary>
    public static IncomingRequest Incoming(string webhook, string body = "{}") => new(
        Guid.CreateVersion7(), webhook, DateTimeOffset.UtcNow, "POST", "/", string.Empty, [], System.Text.Encoding.UTF8.GetBytes(body),
        "192.0.2.1", null, null);

    /// <summary>A webhook with the given destinations; settings are JSON as stored by the catalog.</summary>
    public static async Task DeclareAsync(NpgsqlDataSource dataSource, string webhook, string settings, params (string Url, string Settings)[] destinations)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(destinations);
        await using var insert = dataSource.CreateCommand("INSERT INTO webhooks (name, settings) VALUES (@name, @settings::jsonb) RETURNING id");
        insert.Parameters.AddWithValue("name", webhook);
        insert.Parameters.AddWithValue("settings", settings);
        var id = (long)(await insert.ExecuteScalarAsync())!;
        foreach (var (url, destinationSettings) in destinations)
        {
            await using var destination = dataSource.CreateCommand("INSERT INTO destinations (webhook_id, url, settings) VALUES (@id, @url, @settings::jsonb)");
            destination.Parameters.AddWithValue("id", id);
            destination.Parameters.AddWithValue("url", url);
            destination.Parameters.AddWithValue("settings", destinationSettings);
            await destination.ExecuteNonQueryAsync();
        }
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(dataSource, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(dataSource, sql, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every row <paramref name="sql"/> returns, in its order, each turned into a value by <paramref name="read"/>.</summary>
    public static async Task<List<T>> RowsAsync<T>(
        NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = Command(dataSource, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
