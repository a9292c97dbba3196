using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Soldr.Client.Contracts;
using Soldr.Core.Signals;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;
using Soldr.Tests.Ingest;
using Soldr.Worker.Extensions;
using StackExchange.Redis;

namespace Soldr.Tests.Signals;

/// <summary>
/// Wake-ups over a real redis-server of the test's own, which the tests stop and start: ingest and the
/// management API wake the worker through it, and without it everything keeps working on polling.
/// </summary>
/// <remarks>
/// The worker's clock moves only when a test moves it, so it never polls on its own: a delivery that
/// arrives while the clock stands still was claimed on a wake-up. The clock runs ahead of the real one,
/// so that everything ingest saves is already due by it.
/// </remarks>
[Collection(ServersCollectionDefinition.Name)]
public sealed class WakeUpTests(ServersFixture servers) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _workerClock = new(DateTimeOffset.UtcNow.AddHours(1));
    private readonly TempFolder _spool = new();
    private readonly RedisServerProcess _redis = new();
    private HttpReceiver _receiver = null!;
    private string _database = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await servers.CreateDatabaseAsync();
        _receiver = await HttpReceiver.StartAsync(200);
        await using var dataSource = NpgsqlDataSource.Create(_database);
        await TestData.DeclareAsync(dataSource, "shop", "{}", (_receiver.Url + "hook", "{}"));
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _redis.DisposeAsync();
    }

    public void Dispose() => _spool.Dispose();

    [Fact]
    public async Task AWebhookIngestSaves_ReachesTheWorkerAsAWakeUp_AndIsDeliveredWithoutWaitingForThePoll()
    {
        await _redis.StartAsync();
        await using var worker = await StartWorkerAsync();
        await using var ingest = await IngestHost.StartAsync(_database, _redis.ConnectionString, _spool.Path);
        await WorkerListensAsync();

        using var answer = await ingest.Client.PostAsync(new Uri("/w/shop/orders", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        await Eventually.UntilAsync(() => _receiver.Received.Count >= 1, "the delivery, woken by ingest");
    }

    [Fact]
    public async Task AReSendThroughTheManagementApi_ReachesTheWorkerAsAWakeUp()
    {
        await _redis.StartAsync();
        await using var worker = await StartWorkerAsync();
        await using var ingest = await IngestHost.StartAsync(_database, _redis.ConnectionString, _spool.Path);
        await using var admin = await AdminHost.StartAsync(_database, _redis.ConnectionString);
        await WorkerListensAsync();
        var id = await SaveAsync(ingest);
        await Eventually.UntilAsync(() => _receiver.Received.Count >= 1, "the first delivery");
        await Eventually.UntilAsync(async () => (await admin.Client().GetRequestAsync(id)).Outcome == "succeeded", "the attempt to be recorded");

        await admin.Client().ResendAsync(id, new DeliverySelection(All: true));

        await Eventually.UntilAsync(() => _receiver.Received.Count >= 2, "the re-sent delivery, woken by the management API");
    }

    [Fact]
    public async Task WhileRedisIsDown_IngestAndTheManagementApiKeepAnswering_AndTheWorkerDeliversAtItsNextPoll()
    {
        await _redis.StartAsync();
        await using var worker = await StartWorkerAsync();
        await using var ingest = await IngestHost.StartAsync(_database, _redis.ConnectionString, _spool.Path);
        await using var admin = await AdminHost.StartAsync(_database, _redis.ConnectionString);
        await WorkerListensAsync();

        await _redis.StopAsync();
        var id = await SaveAsync(ingest);
        await PollUntilAsync(() => _receiver.Received.Count >= 1, "the delivery, found by polling");
        await Eventually.UntilAsync(async () => (await admin.Client().GetRequestAsync(id)).Outcome == "succeeded", "the attempt to be recorded");
        var resent = await admin.Client().ResendAsync(id, new DeliverySelection(All: true));

        Assert.Equal(1, resent.Queued);
        await PollUntilAsync(() => _receiver.Received.Count >= 2, "the re-sent delivery, found by polling");
    }

    [Fact]
    public async Task WhenRedisIsBack_WakeUpsFlowAgain_AndWhatWasSavedMeanwhileIsDeliveredAtOnce()
    {
        await _redis.StartAsync();
        await using var worker = await StartWorkerAsync();
        await using var ingest = await IngestHost.StartAsync(_database, _redis.ConnectionString, _spool.Path);
        await WorkerListensAsync();
        await _redis.StopAsync();
        await SaveAsync(ingest);

        await _redis.StartAsync();

        // Missed while the worker was not listening; it catches up when its subscription is back.
        await Eventually.UntilAsync(() => _receiver.Received.Count >= 1, "the delivery saved while Redis was down");
        await WorkerListensAsync();
        await Eventually.UntilAsync(() => Multiplexer(ingest.App).IsConnected, "ingest to reconnect to Redis");
        await SaveAsync(ingest);
        await Eventually.UntilAsync(() => _receiver.Received.Count >= 2, "the delivery, woken by ingest again");
    }

    [Fact]
    public async Task ServicesStartedBeforeRedis_StartWithoutIt_AndUseItOnceItIsUp()
    {
        await using var worker = await StartWorkerAsync();
        await using var ingest = await IngestHost.StartAsync(_database, _redis.ConnectionString, _spool.Path);
        await SaveAsync(ingest);
        await PollUntilAsync(() => _receiver.Received.Count >= 1, "the delivery, found by polling");

        await _redis.StartAsync();
        await WorkerListensAsync();
        await Eventually.UntilAsync(() => Multiplexer(ingest.App).IsConnected, "ingest to connect to Redis");
        await SaveAsync(ingest);

        await Eventually.UntilAsync(() => _receiver.Received.Count >= 2, "the delivery, woken by ingest");
    }

    private static IConnectionMultiplexer Multiplexer(WebApplication app) => app.Services.GetRequiredService<IConnectionMultiplexer>();

    private static async Task<Guid> SaveAsync(IngestHost ingest)
    {
        using var answer = await ingest.Client.PostAsync(new Uri("/w/shop/orders", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        return Guid.Parse(answer.Headers.GetValues("Soldr-Request-Id").Single());
    }

    private Task WorkerListensAsync() =>
        Eventually.UntilAsync(async () => await _redis.SubscribersAsync(WakeUpChannels.RequestsSaved) > 0, "the worker to subscribe");

    /// <summary>
    /// Moves the worker's clock a poll interval on, once a second, until <paramref name="condition"/> holds.
    /// The lease outlasts all the moves a test can make, so no send is taken for abandoned.
    /// </summary>
    private Task PollUntilAsync(Func<bool> condition, string what)
    {
        var nextMove = DateTimeOffset.UtcNow;
        return Eventually.UntilAsync(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                if (DateTimeOffset.UtcNow >= nextMove)
                {
                    _workerClock.Advance(PollInterval);
                    nextMove = DateTimeOffset.UtcNow.AddSeconds(1);
                }

                return false;
            },
            what);
    }

    private async Task<WebApplication> StartWorkerAsync()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:soldr"] = _database,
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["Soldr:Worker:PollInterval"] = PollInterval.ToString(),
            ["Soldr:Worker:LeaseDuration"] = "01:00:00",
        });
        builder.Services.AddSingleton<TimeProvider>(_workerClock);
        builder.AddServiceDefaults();
        builder.AddWorkerServices();
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }
}
