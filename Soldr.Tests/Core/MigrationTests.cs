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

    private static MigrationRunner Runner(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<MigrationRunner>.Instance);
}
