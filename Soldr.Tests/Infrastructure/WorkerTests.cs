using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// Tests of workers on a database of their own, with the shared PostgreSQL and Redis: the workers a test
/// starts are stopped when it ends.
/// </summary>
public abstract class WorkerTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly List<WebApplication> _workers = [];

    protected NpgsqlDataSource Db { get; private set; } = null!;

    protected string ConnectionString { get; private set; } = string.Empty;

    protected ServersFixture Servers => servers;

    public async Task InitializeAsync()
    {
        ConnectionString = await servers.CreateDatabaseAsync();
        Db = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.StopAsync();
            await worker.DisposeAsync();
        }

        await Db.DisposeAsync();
    }

    protected async Task<WebApplication> StartWorkerAsync(Dictionary<string, string?>? settings = null)
    {
        var worker = await WorkerHost.StartAsync(ConnectionString, servers.RedisConnectionString, settings);
        _workers.Add(worker);
        return worker;
    }

    protected async Task<long> CountAsync(string sql) =>
        Convert.ToInt64(await TestData.ScalarAsync<object>(Db, sql), System.Globalization.CultureInfo.InvariantCulture);
}
