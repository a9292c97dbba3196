using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Soldr.ServiceDefaults.Clients;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.ServiceDefaults;

[Collection(ServersCollectionDefinition.Name)]
public sealed class ServiceDefaultsHostTests(ServersFixture servers)
{
    // The names Aspire's client integrations give their checks.
    private const string PostgresCheck = "PostgreSql";
    private const string RedisCheck = "StackExchange.Redis";

    [Fact]
    public async Task Health_ChecksPostgresAndRedis_AndAliveDoesNot()
    {
        await using var app = await StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var http = new HttpClient { BaseAddress = app.BaseAddress() };

        using var health = await http.GetAsync("/health");
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty(PostgresCheck).GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty(RedisCheck).GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task Health_IsDegradedButReadyWhenRedisIsUnreachable_BecauseSoldrWorksWithoutIt()
    {
        var closedPort = Soldr.AppHost.Hosting.Ports.GetFree();
        await using var app = await StartAsync(await servers.CreateDatabaseAsync(), $"127.0.0.1:{closedPort},password=x");
        using var http = new HttpClient { BaseAddress = app.BaseAddress() };

        using var health = await http.GetAsync("/health");
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty(RedisCheck).GetString());
        Assert.DoesNotContain("127.0.0.1", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_IsUnhealthyWhenPostgresIsUnreachable_WhileAliveStaysUp()
    {
        var closedPort = Soldr.AppHost.Hosting.Ports.GetFree();
        await using var app = await StartAsync($"Host=127.0.0.1;Port={closedPort};Username=u;Password=p;Database=soldr;Timeout=2", servers.RedisConnectionString);
        using var http = new HttpClient { BaseAddress = app.BaseAddress() };

        using var health = await http.GetAsync("/health");
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty(PostgresCheck).GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
    }

    [Theory]
    [InlineData(null, "Configuration key 'ConnectionStrings:soldr' is missing")]
    [InlineData("Hots=x;;=", "Configuration key 'ConnectionStrings:soldr' is not a valid connection string")]
    public void ABadConnectionString_FailsAtStartUp_NamingTheKey(string? value, string expected)
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:soldr"] = value });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddSoldrDataSource("soldr"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "off")]
    [InlineData(";Options=-c statement_timeout=60000", "off")]
    [InlineData(";Options=-c jit=on", "on")]
    [InlineData(";Options=--jit=on", "on")]
    [InlineData(";Options=-c search_path=jitter,public", "off")]
    public async Task Connections_CompileNoStatements_UnlessTheConnectionStringSaysSo(string extra, string expected)
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:soldr"] = await servers.CreateDatabaseAsync() + extra,
        });
        builder.AddSoldrDataSource("soldr");
        await using var app = builder.Build();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();

        await using var command = dataSource.CreateCommand("SELECT current_setting('jit'), current_setting('statement_timeout')");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(expected, reader.GetString(0));
        Assert.Equal(extra.Contains("statement_timeout", StringComparison.Ordinal) ? "1min" : "0", reader.GetString(1));
    }

    [Theory]
    [InlineData(null, "Configuration key 'ConnectionStrings:redis' is missing")]
    [InlineData("cache:notaport,password=x", "Configuration key 'ConnectionStrings:redis' is not a valid connection string: it names no server")]
    [InlineData("cache:6379,abortConnect=maybe", "Configuration key 'ConnectionStrings:redis' is not a valid connection string")]
    public void ABadRedisConnectionString_FailsAtStartUp_NamingTheKey(string? value, string expected)
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = value });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddOptionalRedisClient("redis"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cache:notaport,password=hunter2hunter2")]
    [InlineData("cache:6379,password=hunter2hunter2,abortConnect=maybe")]
    public void AConnectionStringsPasswordIsNotRepeatedInTheError(string value)
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = value });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddOptionalRedisClient("redis"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(string database, string redis)
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:soldr"] = database,
            ["ConnectionStrings:redis"] = redis,
        });
        builder.AddServiceDefaults();
        builder.AddSoldrDataSource("soldr");
        builder.AddOptionalRedisClient("redis");
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }
}
