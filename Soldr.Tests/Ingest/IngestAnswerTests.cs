using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class IngestAnswerTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task AWebhookMayChooseAnother2xxStatus_WhileUnknownNamesAreAnsweredExactlyLikeAKnownOneThatDidNot()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, new Dictionary<string, string?>
        {
            ["Soldr:Webhooks:chosen:ResponseStatus"] = "200",
            ["Soldr:Webhooks:chosen:Destinations:0:Url"] = "http://127.0.0.1:9/",
            ["Soldr:Webhooks:plain:Destinations:0:Url"] = "http://127.0.0.1:9/",
        });

        using var chosen = await ingest.Client.PostAsync("/w/chosen/x", new StringContent("{}"));
        using var plain = await ingest.Client.PostAsync("/w/plain/x", new StringContent("{}"));
        using var unknown = await ingest.Client.PostAsync("/w/nobody-knows-this/x", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, plain.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        foreach (var response in (HttpResponseMessage[])[chosen, plain, unknown])
        {
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(["id"], body.EnumerateObject().Select(p => p.Name));
            Assert.Equal(body.GetProperty("id").GetString(), response.Headers.GetValues("Soldr-Request-Id").Single());
        }

        Assert.Equal(Shape(plain), Shape(unknown));
        Assert.Equal(3, (await SavedRequests.IdsAsync(database)).Count);
    }

    [Fact]
    public async Task OversizedAndMisaddressedRequests_GetTheirOwnStatus_AndTheServiceStillAnswersAfterwards()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        using var metrics = new IngestMetricsProbe(ingest);

        using (var big = new HttpRequestMessage(HttpMethod.Post, "/w/shop/big") { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) })
        {
            big.Headers.ExpectContinue = true;
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await ingest.Client.SendAsync(big)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.RequestUriTooLong,
            (await ingest.Client.PostAsync("/w/shop/" + new string('a', 9 * 1024), new StringContent("{}"))).StatusCode);

        using (var many = new HttpRequestMessage(HttpMethod.Post, "/w/shop/many") { Content = new StringContent("{}") })
        {
            for (var i = 0; i < 150; i++)
            {
                many.Headers.Add($"X-H{i}", "v");
            }

            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await ingest.Client.SendAsync(many)).StatusCode);
        }

        using (var large = new HttpRequestMessage(HttpMethod.Post, "/w/shop/large") { Content = new StringContent("{}") })
        {
            large.Headers.Add("X-Large", new string('v', 40 * 1024));
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await ingest.Client.SendAsync(large)).StatusCode);
        }

        using (var elsewhere = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent("{}") })
        {
            elsewhere.Headers.Host = "shop.example.com";
            Assert.Equal(HttpStatusCode.NotFound, (await ingest.Client.SendAsync(elsewhere)).StatusCode);
        }

        using var normal = await ingest.Client.PostAsync("/w/shop/normal", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Accepted, normal.StatusCode);
        Assert.Equal([await SavedRequests.ReceiptAsync(normal)], await SavedRequests.IdsAsync(database));
        Assert.Equal(1, metrics["saved"]);

        // The 413 is counted by ingest as it answers; the 414 and 431s when Kestrel closes their connections.
        await Eventually.UntilAsync(() => metrics["rejected"] == 4, "all four refusals to be counted");
    }

    [Fact]
    public async Task TheSourceIsTheForwardedAddressOnlyWhenThePeerIsATrustedProxy()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var trusting = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?> { ["Soldr:Ingest:TrustedProxies:0"] = "127.0.0.0/8" });
        using var other = new TempFolder();
        await using var untrusting = await IngestHost.StartAsync(database, servers.RedisConnectionString, other.Path);

        var viaProxy = await SendForwardedAsync(trusting);
        var direct = await SendForwardedAsync(untrusting);

        Assert.Equal("203.0.113.9", (await SavedRequests.DetailsAsync(database, viaProxy)).Source);
        Assert.Equal("127.0.0.1", (await SavedRequests.DetailsAsync(database, direct)).Source);
    }

    [Fact]
    public async Task TheSavedTraceContext_IsIngestsOwnSpan_ContinuingTheSendersTrace()
    {
        // A trace of this test's own. Listeners are process-wide: this one records only this trace's spans,
        // so hosts of tests running alongside create none because of it.
        var traceId = ActivityTraceId.CreateRandom();
        var senderSpanId = ActivitySpanId.CreateRandom();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> span) =>
                span.Parent.TraceId == traceId ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
        };
        ActivitySource.AddActivityListener(listener);
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        var incoming = $"00-{traceId}-{senderSpanId}-01";

        using var request = new HttpRequestMessage(HttpMethod.Post, "/w/shop/traced") { Content = new StringContent("{}") };
        request.Headers.Add("traceparent", incoming);
        request.Headers.Add("tracestate", "vendor=1");
        using var response = await ingest.Client.SendAsync(request);
        var (_, traceParent, traceState) = await SavedRequests.DetailsAsync(database, await SavedRequests.ReceiptAsync(response));

        Assert.NotNull(traceParent);
        var parts = traceParent.Split('-');
        Assert.Equal(traceId.ToHexString(), parts[1]);
        Assert.NotEqual(senderSpanId.ToHexString(), parts[2]);
        Assert.Equal("vendor=1", traceState);
    }

    [Fact]
    public async Task ABadTrustedProxySetting_StopsTheStart_NamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IngestHost.StartAsync(
            "Host=127.0.0.1;Username=u;Password=p;Database=d", servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?> { ["Soldr:Ingest:TrustedProxies:0"] = "proxy.example.com" }));

        Assert.Contains("Soldr:Ingest:TrustedProxies:0", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Guid> SendForwardedAsync(IngestHost ingest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/w/shop/fwd") { Content = new StringContent("{}") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await ingest.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await SavedRequests.ReceiptAsync(response);
    }

    private static string Shape(HttpResponseMessage response) =>
        string.Join(",", response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key + "=" + string.Join(";", h.Key == "Content-Length" ? [] : h.Value)))
            .Where(h => h != "Date").Order(StringComparer.Ordinal));

    public void Dispose() => _spool.Dispose();
}
