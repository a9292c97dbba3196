using Npgsql;
using Soldr.Core.Database;
using Microsoft.Extensions.Logging.Abstractions;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL and one real Redis for the integration tests: the AppHost's own, declared by its
/// Program.cs and started by Aspire in a temporary data folder, without the services. Each test gets a database of its own, cloned from a
/// migrated template (fast, and fully isolated), and a Redis key prefix of its own.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime, IDisposable
{
    private const string TemplateDatabase = "soldr-template";
    private readonly TempFolder _dataFolder = new();
    private SoldrApp? _servers;
    private int _databases;

    public string RedisConnectionString { get; private set; } = string.Empty;

    private string ServerConnectionString { get; set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _servers = await SoldrApp.StartServersAsync(_dataFolder.Path, "postgres", "soldr", "redis");

        ServerConnectionString = new NpgsqlConnectionStringBuilder(await _servers.ConnectionStringAsync("postgres")) { Pooling = false }.ConnectionString;
        RedisConnectionString = await _servers.ConnectionStringAsync("redis");
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{TemplateDatabase}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var template = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = TemplateDatabase }.ConnectionString;
        await using (var dataSource = NpgsqlDataSource.Create(template))
        {
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        }

        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A fresh database with the current schema; dropped with the servers.</summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(
            migrated ? $"CREATE DATABASE {name} TEMPLATE \"{TemplateDatabase}\"" : $"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>A key prefix no other test uses, for isolation in the shared Redis.</summary>
    public static string NewRedisPrefix() => $"test:{Guid.NewGuid():N}:";

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose() => _dataFolder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ServersCollectionDefinition : ICollectionFixture<ServersFixture>
{
    public const string Name = "PostgreSQL and Redis";
}
