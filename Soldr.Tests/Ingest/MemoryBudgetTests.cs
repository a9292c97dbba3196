using System.Net;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class MemoryBudgetTests(ServersFixture servers) : IDisposable
{
    private const int BudgetBytes = 1024 * 1024;
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task UploadsBeyondTheMemoryBudget_AreAnswered503WithRetryAfterAtOnce_WhileTheOthersAreSaved_AndTheBudgetEmptiesAfterwards()
    {
        const int Uploads = 20;
        const int UploadBytes = 200_000;
        const int Fitting = BudgetBytes / UploadBytes;
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await StartAsync(database);
        using var metrics = new IngestMetricsProbe(ingest);

        // Commits wait for this lock, so the bodies read first stay in memory while the rest arrive.
        await using var hold = await HeldTransaction.StartAsync(database, "LOCK TABLE requests IN SHARE MODE");
        var sends = Enumerable.Range(0, Uploads)
            .Select(i => ingest.Client.PostAsync($"/w/shop/upload/{i}", new ByteArrayContent(new byte[UploadBytes])))
            .ToArray();

        await Eventually.UntilAsync(() => sends.Count(s => s.IsCompleted) == Uploads - Fitting, "the uploads that do not fit to be refused");
        var refused = sends.Where(s => s.IsCompleted).Select(s => s.Result).ToArray();
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.All(refused, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.All(refused, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Contains("memory", await refused[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Fitting * UploadBytes, ingest.Budget.Reserved);

        await hold.ReleaseAsync();
        var answers = await Task.WhenAll(sends);

        var saved = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).ToArray();
        Assert.Equal(Fitting, saved.Length);
        var receipts = await Task.WhenAll(saved.Select(SavedRequests.ReceiptAsync));
        Assert.Equal(receipts.Order(), await SavedRequests.IdsAsync(database));
        Assert.Equal(0, ingest.Budget.Reserved);
        Assert.Equal(Uploads - Fitting, metrics["overloaded"]);
        Assert.Equal(Fitting, metrics["saved"]);
    }

    [Fact]
    public async Task AChunkedUploadThatOutgrowsTheBudget_IsAnswered503_AndKeepsNothingReserved()
    {
        const int UploadBytes = 400_000;
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await StartAsync(database);
        await using var hold = await HeldTransaction.StartAsync(database, "LOCK TABLE requests IN SHARE MODE");
        var held = Enumerable.Range(0, 2)
            .Select(i => ingest.Client.PostAsync($"/w/shop/held/{i}", new ByteArrayContent(new byte[UploadBytes])))
            .ToArray();
        await Eventually.UntilAsync(() => ingest.Budget.Reserved == 2 * UploadBytes, "both declared bodies to be held");

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/w/shop/chunked") { Content = new ByteArrayContent(new byte[UploadBytes]) };
        chunked.Headers.TransferEncodingChunked = true;
        using var answer = await ingest.Client.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.NotNull(answer.Headers.RetryAfter);
        Assert.Equal(2 * UploadBytes, ingest.Budget.Reserved);

        await hold.ReleaseAsync();
        Assert.All(await Task.WhenAll(held), a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Equal(2, (await SavedRequests.IdsAsync(database)).Count);
        Assert.Equal(0, ingest.Budget.Reserved);
    }

    private Task<IngestHost> StartAsync(string database) =>
        IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, new Dictionary<string, string?>
        {
            ["Soldr:Ingest:MaxBodyBytes"] = "524288",
            ["Soldr:Ingest:MaxBodyMemoryBytes"] = BudgetBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),

            // The held lock must not turn into a timed-out commit and a trip through the spool.
            ["Soldr:Ingest:CommitTimeout"] = "00:05:00",
        });

    public void Dispose() => _spool.Dispose();
}
