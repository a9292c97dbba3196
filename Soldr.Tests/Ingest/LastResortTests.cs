using System.Net;
using Soldr.Ingest.Commands;
using Soldr.Ingest.LastResort;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class LastResortTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task WhenNeitherPostgresNorTheSpoolCanKeepARequest_ItIsAnswered503_WrittenToStdout_AndImportLogImportsItOnce()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var gate = new TcpGate(IngestHost.PortOf(database));

        // A folder cannot be created under a regular file, whoever the test runs as.
        var blocker = Path.Combine(_folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        await using var ingest = await IngestHost.StartAsync(IngestHost.Through(gate, database), servers.RedisConnectionString, Path.Combine(blocker, "spool"));
        gate.Shut();

        foreach (var i in Enumerable.Range(0, 2))
        {
            using var content = new StringContent($$"""{"order":{{i}}}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await ingest.Client.PostAsync($"/w/shop/orders/{i}?page=1", content);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("Soldr-Request-Id"));
        }

        var lines = ingest.Stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var logged = lines.Select(l => UnsavedRequestJson.TryParse(l, out var r) ? r! : throw new InvalidOperationException(l)).ToArray();
        Assert.Equal(["/orders/0", "/orders/1"], logged.Select(r => r.Path).Order());
        Assert.All(logged, r => Assert.Equal("page=1", r.Query));
        Assert.All(logged, r => Assert.Contains(new KeyValuePair<string, string>("Content-Type", "application/json; charset=utf-8"), r.Headers));
        Assert.All(logged, r => Assert.Equal("http", r.Scheme));

        // As the AppHost prints it: prefixed, among other lines.
        var log = Path.Combine(_folder.Path, "ingest.log");
        await File.WriteAllLinesAsync(log, ["ingest | 12:00:00 info: started", .. lines.Select(l => "ingest | " + l), "ingest | 12:00:01 info: stopping"]);
        gate.Open();

        var (first, firstOutput) = await ImportAsync(log, database);
        var (second, secondOutput) = await ImportAsync(log, database);

        Assert.Equal(0, first);
        Assert.Contains("found 2, imported 2, already present 0", firstOutput, StringComparison.Ordinal);
        Assert.Equal(logged.Select(r => r.Id).Order(), (await SavedRequests.IdsAsync(database)).Order());
        Assert.Equal("http", await SavedRequests.SchemeAsync(database, logged[0].Id));
        Assert.Equal(0, second);
        Assert.Contains("found 2, imported 0, already present 2", secondOutput, StringComparison.Ordinal);
        Assert.Equal(2, (await SavedRequests.IdsAsync(database)).Count);
    }

    [Fact]
    public async Task ImportLog_ExitsWith2AndAUsageLineOnBadArguments_And1WhenPostgresIsUnreachable()
    {
        var log = Path.Combine(_folder.Path, "empty.log");
        await File.WriteAllTextAsync(log, string.Empty);
        var closedPort = Soldr.AppHost.Hosting.Ports.GetFree();

        using var noArgsError = new StringWriter();
        var noArgs = await ImportLogCommand.RunAsync([], TextWriter.Null, noArgsError);
        using var missingError = new StringWriter();
        var missing = await ImportLogCommand.RunAsync([Path.Combine(_folder.Path, "nope.log"), "--ConnectionStrings:soldr=Host=x"], TextWriter.Null, missingError);
        using var folderError = new StringWriter();
        var folder = await ImportLogCommand.RunAsync([_folder.Path, "--ConnectionStrings:soldr=Host=x"], TextWriter.Null, folderError);
        using var noDatabaseError = new StringWriter();
        var noDatabase = await ImportLogCommand.RunAsync([log], TextWriter.Null, noDatabaseError);
        using var unreachableError = new StringWriter();
        var unreachable = await ImportLogCommand.RunAsync(
            [log, $"--ConnectionStrings:soldr=Host=127.0.0.1;Port={closedPort};Username=u;Password=secret-pw;Database=soldr;Timeout=2"],
            TextWriter.Null, unreachableError);

        Assert.Equal(2, noArgs);
        Assert.StartsWith("usage:", noArgsError.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, missing);
        Assert.StartsWith("import-log: '", missingError.ToString(), StringComparison.Ordinal);
        Assert.Contains("does not exist", missingError.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, folder);
        Assert.Contains("is a folder", folderError.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, noDatabase);
        Assert.Contains("no PostgreSQL connection string", noDatabaseError.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, unreachable);
        Assert.Single(unreachableError.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("secret-pw", unreachableError.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData(",\"scheme\":null", null)]
    [InlineData(",\"scheme\":\"https\"", "https")]
    [InlineData(",\"scheme\":\"HTTP\"", "http")]
    [InlineData(",\"scheme\":\"gopher\"", null)]
    public void ALineWrittenBeforeTheSchemeWasRecorded_OrEditedToAnotherScheme_IsReadWithoutOne(string schemeMember, string? expected)
    {
        var line = "ingest | {\"soldrUnsavedRequest\":{\"id\":\"0193b1c0-0000-7000-8000-000000000001\",\"webhook\":\"shop\"," +
            "\"receivedAt\":\"2026-01-02T03:04:05+00:00\",\"method\":\"POST\",\"path\":\"/\",\"query\":\"\",\"headers\":[]," +
            "\"bodyBase64\":\"e30=\",\"sourceAddress\":null,\"traceParent\":null,\"traceState\":null" + schemeMember + "}}";

        Assert.True(UnsavedRequestJson.TryParse(line, out var request));
        Assert.Equal(expected, request!.Scheme);
    }

    private static async Task<(int Exit, string Output)> ImportAsync(string log, string database)
    {
        using var output = new StringWriter();
        var exit = await ImportLogCommand.RunAsync([log, $"--ConnectionStrings:soldr={database}"], output, TextWriter.Null);
        return (exit, output.ToString());
    }

    public void Dispose() => _folder.Dispose();
}
