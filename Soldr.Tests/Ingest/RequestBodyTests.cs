using System.Globalization;
using System.Net;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class RequestBodyTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 3)]
    [InlineData(100_000, 7_919)]
    [InlineData(700_000, 10_000)]
    // Kestrel counts the chunk-size lines towards MaxBodyBytes too, so this stays a little below 1 MiB.
    [InlineData(1_000_000, 65_536)]
    public async Task AChunkedBody_IsSavedByteForByte_HoweverItIsCut(int bytes, int chunkBytes)
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        var body = new byte[bytes];
        new Random(bytes).NextBytes(body);

        var answer = await RawHttp.SendAsync(ingest.App.BaseAddress(),
            "POST /w/shop/chunked HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n",
            stream => RawHttp.WriteChunkedAsync(stream, body, chunkBytes));

        Assert.Equal((int)HttpStatusCode.Accepted, answer.Status);
        var id = Guid.Parse(answer.Headers["Soldr-Request-Id"]);
        Assert.Equal(body, await SavedRequests.BodyAsync(database, id));
        Assert.Equal(0, ingest.Budget.Reserved);
    }

    [Fact]
    public async Task BodiesWithADeclaredLength_AreSavedByteForByte_WhenSentInPieces()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        var random = new Random(7);
        foreach (var bytes in new[] { 0, 1, 4_095, 65_537, 1_048_576 })
        {
            var body = new byte[bytes];
            random.NextBytes(body);

            var answer = await RawHttp.SendAsync(ingest.App.BaseAddress(),
                $"POST /w/shop/declared HTTP/1.1\r\nHost: localhost\r\nContent-Length: {bytes.ToString(CultureInfo.InvariantCulture)}\r\n\r\n",
                async stream =>
                {
                    // Uneven pieces, so that the body reaches ingest in several reads.
                    for (var at = 0; at < body.Length; at += 30_011)
                    {
                        await stream.WriteAsync(body.AsMemory(at, Math.Min(30_011, body.Length - at)));
                        await stream.FlushAsync();
                    }
                });

            Assert.Equal((int)HttpStatusCode.Accepted, answer.Status);
            Assert.Equal(body, await SavedRequests.BodyAsync(database, Guid.Parse(answer.Headers["Soldr-Request-Id"])));
        }

        Assert.Equal(0, ingest.Budget.Reserved);
    }

    [Fact]
    public async Task ASenderThatGoesAwayMidBody_LeavesNothingSaved_AndNothingHeldInMemory()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        var server = ingest.App.BaseAddress();

        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(server.Host, server.Port);
            await client.GetStream().WriteAsync("POST /w/shop/gone HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n"u8.ToArray());
            await client.GetStream().WriteAsync(new byte[10]);
            await Eventually.UntilAsync(() => ingest.Budget.Reserved == 100_000, "the declared length to be reserved");
        }

        await Eventually.UntilAsync(() => ingest.Budget.Reserved == 0, "the reservation to be released");
        using var next = await ingest.Client.PostAsync("/w/shop/next", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        Assert.Equal([await SavedRequests.ReceiptAsync(next)], await SavedRequests.IdsAsync(database));
    }

    public void Dispose() => _spool.Dispose();
}
