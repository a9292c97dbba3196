using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Soldr.Core.Database;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Core;

[Collection(ServersCollectionDefinition.Name)]
public sealed class MigrationTests(ServersFixture servers)
{
    [Fact]
    public void TheEmbeddedMigrations_AreNumberedFromOneWithoutGaps_AndNoneIsEmpty()
    {
        var migrations = Migration.LoadEmbedded();

        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Equal("initial", migrations[0].Name);
        Assert.All(migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql), $"migration {m.Version} has SQL"));
    }

    [Fact]
    public async Task AFreshDatabase_GetsTheCoreTables_AndRecordsItsVersion()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync(migrated: false));

        var applied = await Runner(dataSource).ApplyAsync(CancellationToken.None);
        var again = await Runner(dataSource).ApplyAsync(CancellationToken.None);

        Assert.Equal(Migration.LoadEmbedded().Select(m => m.Version), applied);
        Assert.Empty(again);
        foreach (var table in (string[])["webhooks", "destinations", "requests", "deliveries", "attempts", "schema_versions"])
        {
            await using var command = dataSource.CreateCommand("SELECT to_regclass(@table) IS NOT NULL");
            command.Parameters.AddWithValue("table", table);
            Assert.True((bool)(await command.ExecuteScalarAsync())!, $"table {table} exists");
        }
    }

    [Fact]
    public async Task ServicesStartingTogether_ApplyEachMigrationExactlyOnce()
    {
        var connectionString = await servers.CreateDatabaseAsync(migrated: false);
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            var results = await Task.WhenAll(dataSources.Select(ds => Runner(ds).ApplyAsync(CancellationToken.None)));

            Assert.Equal(Migration.LoadEmbedded().Count, results.Sum(r => r.Count));
            await using var count = dataSources[0].CreateCommand("SELECT count(*) FROM schema_versions");
            Assert.Equal((long)Migration.LoadEmbedded().Count, await count.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task SplittingTheTablesIntoDays_KeepsEveryRow_AndWhatReferredToADeliveryFollowsItsNewId()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync(migrated: false));
        await TestData.ExecuteAsync(dataSource, "CREATE TABLE schema_versions (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in Migration.LoadEmbedded().Where(m => m.Version < DayPartitionsVersion))
        {
            await TestData.ExecuteAsync(dataSource, migration.Sql);
            await TestData.ExecuteAsync(dataSource, "INSERT INTO schema_versions (version, name) VALUES (@v, @n)", ("v", migration.Version), ("n", migration.Name));
        }

        // As the tables were: requests over three days and one whose id is not version 7, random
        // delivery ids, two attempts each, a revision redirecting a delivery, an alert naming one.
        await TestData.ExecuteAsync(dataSource, """
            INSERT INTO webhooks (name) VALUES ('shop');
            INSERT INTO destinations (webhook_id, url) SELECT id, u FROM webhooks, unnest(ARRAY['http://a.test/', 'http://b.test/']) u;
            INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body, state, webhook_id)
            SELECT uuid_v7(now() - make_interval(days => i % 3)), 'shop', now() - make_interval(days => i % 3), 'POST', '/', '[]', '\x'::bytea, 'routed', w.id
            FROM generate_series(1, 30) i, webhooks w;
            INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body) VALUES (gen_random_uuid(), 'shop', now(), 'POST', '/', '[]', '\x'::bytea);
            INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at)
            SELECT gen_random_uuid(), r.id, d.id, now(), now() FROM requests r, destinations d;
            INSERT INTO attempts (delivery_id, number, started_at, duration_ms) SELECT id, n, now(), 1 FROM deliveries, generate_series(1, 2) n;
            INSERT INTO request_revisions (request_id, number, created_at, method, headers, body, delivery_id)
            SELECT request_id, 1, now(), 'PUT', '[]', '\x'::bytea, id FROM deliveries ORDER BY id LIMIT 1;
            INSERT INTO alerts (destination_id, opened_at, delivery_id, reason) SELECT destination_id, now(), id, 'x' FROM deliveries ORDER BY id LIMIT 1;
            """);

        var applied = await Runner(dataSource).ApplyAsync(CancellationToken.None);

        Assert.Equal(DayPartitionsVersion, applied[0]);
        Assert.Equal(31, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM requests"));
        Assert.Equal(62, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries WHERE id = delivery_id(request_id, destination_id)"));
        Assert.Equal(124, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM request_revisions v JOIN deliveries d ON d.id = v.delivery_id AND d.request_id = v.request_id"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM alerts a JOIN deliveries d ON d.id = a.delivery_id"));
        // Each row lands in its request's day; only the request whose id says no time, and its deliveries, in the default partitions.
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM requests_default"));
        Assert.Equal(2, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries_default"));
        Assert.Equal(3, await TestData.ScalarAsync<long>(dataSource, "SELECT count(DISTINCT tableoid) FROM requests WHERE tableoid <> 'requests_default'::regclass"));
        Assert.False(await TestData.ScalarAsync<bool>(dataSource, "SELECT to_regnamespace('soldr_unpartitioned') IS NOT NULL"));
    }

    private const int DayPartitionsVersion = 12;

    private static MigrationRunner Runner(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<MigrationRunner>.Instance);
}
