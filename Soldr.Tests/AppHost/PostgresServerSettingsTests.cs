using Npgsql;
using Soldr.AppHost.Hosting.LocalPostgres;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

[Collection(ServersCollectionDefinition.Name)]
public sealed class PostgresServerSettingsTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task TheServerSoldrStarts_CompressesFullPageImagesInItsLog_AndWritesEvictedPagesOutAsItGoes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await using var command = dataSource.CreateCommand("SELECT current_setting('server_version_num')::int / 10000, current_setting('wal_compression'), current_setting('max_connections'), current_setting('backend_flush_after')");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(reader.GetInt32(0) >= 15 ? "lz4" : "on", reader.GetString(1));
        Assert.Equal("300", reader.GetString(2));
        Assert.Equal("256kB", reader.GetString(3));
    }

    [Theory]
    [InlineData(13, "wal_compression=on")]
    [InlineData(14, "wal_compression=on")]
    [InlineData(15, "wal_compression=lz4")]
    [InlineData(17, "wal_compression=lz4")]
    public void Lz4_IsAskedOnlyOfVersionsThatHaveIt(int majorVersion, string expected)
    {
        var arguments = ServerSettings.Arguments(majorVersion);

        Assert.Contains(expected, arguments);
        Assert.Equal("-c", arguments[arguments.ToList().IndexOf(expected) - 1]);
    }

    [Fact]
    public void TheClusterVersion_IsReadFromItsDataFolder_AndNonsenseThereIsNamed()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "PG_VERSION"), "16\n");
        Assert.Equal(16, ServerSettings.ClusterVersion(_folder.Path));

        File.WriteAllText(Path.Combine(_folder.Path, "PG_VERSION"), "sixteen\n");
        var error = Assert.Throws<InvalidOperationException>(() => ServerSettings.ClusterVersion(_folder.Path));
        Assert.Contains("PG_VERSION", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
