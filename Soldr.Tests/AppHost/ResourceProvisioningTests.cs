using Soldr.AppHost.Hosting.Resources;
using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning.Postgres;
using Soldr.AppHost.Provisioning.Redis;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

public sealed class ResourceProvisioningTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestOutputWriter _output = new(null);

    [Fact]
    public async Task WithoutBinariesOrDocker_PostgresSaysWhatToInstallOrConfigure()
    {
        var server = new PostgresServerResource("postgres") { FindBinaries = () => null, IsDockerAvailable = _ => Task.FromResult(false) };

        var error = await Assert.ThrowsAsync<OrchestrationException>(() => server.PrepareAsync(Context(), CancellationToken.None));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("--ConnectionStrings:soldr", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task WithoutBinaries_ButWithDocker_PostgresRunsInAContainer()
    {
        var server = new PostgresServerResource("postgres") { FindBinaries = () => null, IsDockerAvailable = _ => Task.FromResult(true) };

        await server.PrepareAsync(Context(), CancellationToken.None);

        Assert.Equal(PostgresServerResource.Provisioning.Docker, server.Route);
    }

    [Fact]
    public async Task AGivenConnectionString_UsesThatServer_AndAMalformedOneIsNamed()
    {
        var server = new PostgresServerResource("postgres");
        server.Databases.Add(new PostgresDatabaseResource("soldr", server));

        await server.PrepareAsync(Context(("ConnectionStrings:soldr", "Host=db.internal;Username=u;Password=p;Database=soldr")), CancellationToken.None);
        Assert.Equal(PostgresServerResource.Provisioning.Existing, server.Route);
        Assert.Equal("postgresql://db.internal:5432", server.DisplayUrl);

        var malformed = new PostgresServerResource("postgres");
        malformed.Databases.Add(new PostgresDatabaseResource("soldr", malformed));
        var error = await Assert.ThrowsAsync<OrchestrationException>(
            () => malformed.PrepareAsync(Context(("ConnectionStrings:soldr", "Hots=nowhere;;=")), CancellationToken.None));
        Assert.StartsWith("ConnectionStrings:soldr is not a valid PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedRedisConnectionString_IsNamed()
    {
        var redis = new RedisResource("redis");

        var error = await Assert.ThrowsAsync<OrchestrationException>(
            () => redis.PrepareAsync(Context(("ConnectionStrings:redis", "cache:notaport")), CancellationToken.None));

        Assert.StartsWith("ConnectionStrings:redis is not a valid Redis connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecretShorterThan32Characters_IsRefused()
    {
        var secret = new SecretResource("admin-secret", "Soldr:Admin:Secret", 32);

        var error = await Assert.ThrowsAsync<OrchestrationException>(
            () => secret.PrepareAsync(Context(("Soldr:Admin:Secret", "short")), CancellationToken.None));

        Assert.Equal("Soldr:Admin:Secret is too short: use at least 32 characters.", error.Message);
    }

    [Fact]
    public async Task AGeneratedSecret_IsKeptInTheDataFolder()
    {
        var secret = new SecretResource("admin-secret", "Soldr:Admin:Secret", 32);

        await secret.PrepareAsync(Context(), CancellationToken.None);

        Assert.Equal(Path.Combine(_folder.Path, "admin-secret"), secret.FilePath);
        Assert.Equal(secret.Value, File.ReadAllText(secret.FilePath!).Trim());
    }

    [Fact]
    public void TheDockerCommandLine_CarriesNoPassword()
    {
        var arguments = DockerPostgresServer.BuildArguments("/data/pg", 5433);

        Assert.Contains("127.0.0.1:5433:5432", arguments);
        Assert.Contains("POSTGRES_PASSWORD", arguments);
        Assert.DoesNotContain(arguments, a => a.StartsWith("POSTGRES_PASSWORD=", StringComparison.Ordinal));
        Assert.Equal(DockerPostgresServer.ContainerName("/data/pg"), arguments[arguments.ToList().IndexOf("--name") + 1]);
    }

    [Fact]
    public void TheContainer_StartsTheServerWithSoldrsSettings()
    {
        var arguments = DockerPostgresServer.BuildArguments("/data/pg", 5433).ToList();

        var image = arguments.IndexOf(DockerPostgresServer.Image);
        Assert.Equal("postgres", arguments[image + 1]);
        Assert.Equal(["-c", "wal_compression=lz4"], arguments[(arguments.IndexOf("wal_compression=lz4") - 1)..(arguments.IndexOf("wal_compression=lz4") + 1)]);
        Assert.True(arguments.IndexOf("wal_compression=lz4") > image);
    }

    [Fact]
    public void RedisAndGarnet_ListenOnLoopbackWithAPassword()
    {
        var redis = RedisServerLauncher.BuildConfig("/data/redis", 7000, "pw");
        Assert.Contains("bind 127.0.0.1", redis);
        Assert.Contains("port 7000", redis);
        Assert.Contains("requirepass \"pw\"", redis);

        var garnet = GarnetLauncher.BuildConfig(7001, "pw");
        Assert.Contains("\"Address\":\"127.0.0.1\"", garnet, StringComparison.Ordinal);
        Assert.Contains("\"Password\":\"pw\"", garnet, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _output.Dispose();
        _folder.Dispose();
    }

    private OrchestrationContext Context(params (string Key, string Value)[] settings) =>
        TestContexts.Create(_folder, _output, settings.ToDictionary(s => s.Key, s => (string?)s.Value));
}
