using System.Globalization;
using System.Net;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

/// <summary>Bodies over <c>MaxBodyBytes</c> (1 MiB), sent over a real socket the ways senders send them.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class BodyLimitTests(ServersFixture servers) : IDisposable
{
    private const int OverTheLimit = 2 * 1024 * 1024;
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task ABodyOverTheLimit_SentWholeWithoutExpectContinue_IsAnswered413()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        using var metrics = new IngestMetricsProbe(ingest);
        var body = new byte[OverTheLimit];

        var answer = await RawHttp.SendAsync(ingest.App.BaseAddress(),
            $"POST /w/shop/big HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n",
            stream => stream.WriteAsync(body).AsTask());

        Assert.Equal((int)HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Contains("1048576", answer.Body, StringComparison.Ordinal);
        Assert.Empty(await SavedRequests.IdsAsync(database));
        Assert.Equal(1, metrics["rejected"]);
        Assert.Equal(0, ingest.Budget.Reserved);
    }

    [Fact]
    public async Task ABodyOverTheLimit_SentChunkedWithNoLength_IsAnswered413()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        using var metrics = new IngestMetricsProbe(ingest);
        var body = new byte[OverTheLimit];

        var answer = await RawHttp.SendAsync(ingest.App.BaseAddress(),
            "POST /w/shop/big HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n",
            stream => RawHttp.WriteChunkedAsync(stream, body, 64 * 1024));

        Assert.Equal((int)HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Empty(await SavedRequests.IdsAsync(database));
        Assert.Equal(1, metrics["rejected"]);
        Assert.Equal(0, ingest.Budget.Reserved);
    }

    public void Dispose() => _spool.Dispose();
}
