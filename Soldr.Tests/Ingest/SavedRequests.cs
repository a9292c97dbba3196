using System.Net.Http.Json;
using Npgsql;

namespace Soldr.Tests.Ingest;

/// <summary>Reads what ingest saved, straight from PostgreSQL, and what it answered.</summary>
public static class SavedRequests
{
    public static async Task<IReadOnlyList<Guid>> IdsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT id FROM requests ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public static async Task<(string? Source, string? TraceParent, string? TraceState)> DetailsAsync(string connectionString, Guid id)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT source_address, trace_parent, trace_state FROM requests WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"request {id} is not saved");
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    public static async Task<byte[]> BodyAsync(string connectionString, Guid id)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT body FROM requests WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (byte[])(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"request {id} is not saved"));
    }

    public static async Task<string?> SchemeAsync(string connectionString, Guid id)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT scheme FROM requests WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var scheme = await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"request {id} is not saved");
        return scheme is DBNull ? null : (string)scheme;
    }

    public static async Task<Guid> ReceiptAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var receipt = await response.Content.ReadFromJsonAsync<Receipt>();
        return receipt!.Id;
    }

    private sealed record Receipt(Guid Id);
}
