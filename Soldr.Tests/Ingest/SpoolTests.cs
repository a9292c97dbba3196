using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Soldr.Core.Requests;
using Soldr.Ingest.Ingestion;
using Soldr.Ingest.Spool;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class SpoolTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task WhilePostgresIsUnreachable_RequestsAreAcceptedIntoTheSpool_AndDrainedExactlyOnceWhenItIsBack()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var gate = new TcpGate(IngestHost.PortOf(database));
        await using var ingest = await IngestHost.StartAsync(IngestHost.Through(gate, database), servers.RedisConnectionString, _spool.Path);

        gate.Shut();
        var receipts = new List<Guid>();
        foreach (var i in Enumerable.Range(0, 20))
        {
            using var response = await ingest.Client.PostAsync($"/w/shop/orders/{i}", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            receipts.Add(await SavedRequests.ReceiptAsync(response));
        }

        Assert.Empty(await SavedRequests.IdsAsync(database));
        Assert.Equal(20, ingest.Spool.PendingCount);
        Assert.NotEmpty(Directory.GetFiles(_spool.Path, "segment-*.spool"));

        gate.Open();
        await Eventually.UntilAsync(() => ingest.Spool.PendingCount == 0, "the spool to drain");

        Assert.Equal(receipts.Order(), (await SavedRequests.IdsAsync(database)).Order());
        Assert.Empty(Directory.GetFiles(_spool.Path, "segment-*.spool"));
        foreach (var id in receipts)
        {
            Assert.Equal("http", await SavedRequests.SchemeAsync(database, id));
        }

        // Back on PostgreSQL: a new request is committed, not spooled.
        var commits = ingest.Writer.Commits;
        using var after = await ingest.Client.PostAsync("/w/shop/after", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        Assert.Equal(commits + 1, ingest.Writer.Commits);
        Assert.Equal(21, (await SavedRequests.IdsAsync(database)).Count);
    }

    [Fact]
    public async Task LeftoverSegmentsAreDrainedOnStart_AndATornTailIsSkippedWhileItsGoodRecordsAreKept()
    {
        var database = await servers.CreateDatabaseAsync();
        var earlier = new[] { Request("a"), Request("b"), Request("c") };
        var later = new[] { Request("d") };
        using (var spool = Spool(_spool.Path))
        {
            spool.Open();
            Assert.True(spool.TryAppend(earlier, out _));
            spool.Rotate();
            Assert.True(spool.TryAppend(later, out _));
        }

        // A crash mid-write: the first bytes of a record that was never acknowledged.
        var segments = Directory.GetFiles(_spool.Path, "segment-*.spool").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, segments.Length);
        await File.AppendAllBytesAsync(segments[0], [0x53, 0x4C, 0x44, 0x52, 0x00, 0x10, 0x00, 0x00, 0x01, 0x02]);

        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        await Eventually.UntilAsync(() => ingest.Spool.PendingCount == 0, "the leftover spool to drain");

        Assert.Equal(earlier.Concat(later).Select(r => r.Id).Order(), (await SavedRequests.IdsAsync(database)).Order());
        Assert.Empty(Directory.GetFiles(_spool.Path, "segment-*.spool"));
    }

    [Fact]
    public async Task ASegmentDrainedTwice_AfterACrashBeforeItWasDeleted_AddsNoDuplicates()
    {
        var database = await servers.CreateDatabaseAsync();
        var requests = new[] { Request("a"), Request("b") };
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(database))
        {
            // The first drain committed these rows, then the process died before deleting the segment.
            await new RequestStore(dataSource).SaveBatchAsync([requests[0]], CancellationToken.None);
        }

        using (var spool = Spool(_spool.Path))
        {
            spool.Open();
            Assert.True(spool.TryAppend(requests, out _));
        }

        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        await Eventually.UntilAsync(() => ingest.Spool.PendingCount == 0, "the leftover spool to drain");

        Assert.Equal(requests.Select(r => r.Id).Order(), (await SavedRequests.IdsAsync(database)).Order());
    }

    [Fact]
    public async Task BatchesAppendedBySeveralWritersAtOnce_AreEachReadBackWholeAndInOnePiece()
    {
        var batches = Enumerable.Range(0, 8)
            .Select(b => Enumerable.Range(0, 20).Select(i => Request($"{b}-{i}", new string('x', 4096))).ToArray())
            .ToArray();
        using var spool = Spool(_spool.Path);
        spool.Open();

        var appended = await Task.WhenAll(batches.Select(batch => Task.Run(() => spool.TryAppend(batch, out _))));
        spool.Rotate();

        Assert.All(appended, Assert.True);
        var read = spool.ClosedSegments().SelectMany(segment => SpoolSegmentReader.Read(segment).Requests).Select(r => r.Id).ToList();
        Assert.Equal(batches.Length * 20, read.Count);

        // In whatever order the writers took turns, each batch's records follow one another unbroken.
        Assert.Equal(
            batches.Select(batch => string.Join(',', batch.Select(r => r.Id))).Order(StringComparer.Ordinal),
            read.Chunk(20).Select(piece => string.Join(',', piece)).Order(StringComparer.Ordinal));
    }

    internal static RequestSpool Spool(string path) =>
        new(Options.Create(new IngestOptions { SpoolPath = path }), NullLogger<RequestSpool>.Instance);

    internal static IncomingRequest Request(string name, string body = "{}") => new(
        Guid.CreateVersion7(), "shop", DateTimeOffset.UtcNow, "POST", "/" + name, "x=1",
        [new("Content-Type", "application/json"), new("X-Repeated", "1"), new("X-Repeated", "2")],
        System.Text.Encoding.UTF8.GetBytes(body), "192.0.2.1", null, null);

    public void Dispose() => _spool.Dispose();
}
