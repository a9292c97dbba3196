using System.Net;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

/// <summary>Ingest limits, shared by ingest replicas through Redis: past them 429 and nothing saved.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class IngestLimitTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();
    private readonly TempFolder _otherSpool = new();
    private readonly TempFolder _elsewhereSpool = new();

    [Fact]
    public async Task AWebhooksLimit_HoldsAcrossTwoReplicas_AndARefusedRequestIsAnswered429WithRetryAfter_AndNotSaved()
    {
        var database = await servers.CreateDatabaseAsync();
        var settings = Limited(Guid.NewGuid().ToString("N")[..12]);
        await using var one = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, settings.Settings);
        await using var two = await IngestHost.StartAsync(database, servers.RedisConnectionString, _otherSpool.Path, settings.Settings);
        using var metrics = new IngestMetricsProbe(one);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await (i % 2 == 0 ? one : two).Client.PostAsync($"/w/{settings.Name}/", new StringContent("{}")));
        }

        Assert.Equal(
            [HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        var retryAfter = answers[3].Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Contains("Too many requests", await answers[3].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, (await SavedRequests.IdsAsync(database)).Count);
        Assert.Equal(1, metrics["limited"]);

        // Another webhook has its own limit, untouched by this one's.
        using var other = await one.Client.PostAsync("/w/unlimited/", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);

        // Another deployment sharing this Redis, on a database of its own, has its own window for the same name.
        await using var elsewhere = await IngestHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, _elsewhereSpool.Path, settings.Settings);
        using var own = await elsewhere.Client.PostAsync($"/w/{settings.Name}/", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task WithRedisUnreachable_TheLimitIsNotEnforced_AndEveryRequestIsSaved()
    {
        var database = await servers.CreateDatabaseAsync();
        var settings = Limited(Guid.NewGuid().ToString("N")[..12]);
        await using var ingest = await IngestHost.StartAsync(database, "127.0.0.1:1", _spool.Path, settings.Settings);

        for (var i = 0; i < 5; i++)
        {
            using var answer = await ingest.Client.PostAsync($"/w/{settings.Name}/", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        Assert.Equal(5, (await SavedRequests.IdsAsync(database)).Count);
    }

    [Fact]
    public async Task NamesThatAreNotWebhooks_AreLimitedPerSource_AndAnsweredLikeAWebhookOverItsLimit()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, new Dictionary<string, string?>
        {
            ["Soldr:Ingest:UnknownWebhookLimits:0:Count"] = "2",
            ["Soldr:Ingest:UnknownWebhookLimits:0:Per"] = "00:01:00",
            // A source of its own, so other tests' requests from this machine do not count.
            ["Soldr:Ingest:TrustedProxies:0"] = "127.0.0.1",
        });

        var source = $"192.0.2.{Random.Shared.Next(1, 250)}";
        var statuses = new List<HttpStatusCode>();
        foreach (var name in new[] { "ghost-a", "ghost-b", "ghost-c" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/w/{name}/") { Content = new StringContent("{}") };
            request.Headers.Add("X-Forwarded-For", source);
            using var answer = await ingest.Client.SendAsync(request);
            statuses.Add(answer.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, (await SavedRequests.IdsAsync(database)).Count);
    }

    public void Dispose()
    {
        _spool.Dispose();
        _otherSpool.Dispose();
        _elsewhereSpool.Dispose();
    }

    // Webhook names are unique per test: Redis is shared by the whole run.
    private static (string Name, Dictionary<string, string?> Settings) Limited(string suffix)
    {
        var name = $"limited-{suffix}";
        return (name, new Dictionary<string, string?>
        {
            [$"Soldr:Webhooks:{name}:IngestLimits:0:Count"] = "3",
            [$"Soldr:Webhooks:{name}:IngestLimits:0:Per"] = "00:01:00",
            [$"Soldr:Webhooks:{name}:IngestLimits:1:Count"] = "100",
            [$"Soldr:Webhooks:{name}:IngestLimits:1:Per"] = "01:00:00",
            [$"Soldr:Webhooks:{name}:Destinations:0:Url"] = "http://127.0.0.1:9/",
        });
    }
}
