using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Soldr.Ingest.Ingestion;
using Soldr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Soldr.Tests.EndToEnd;

/// <summary>
/// PostgreSQL really stopped and started again under a running stack, while a client keeps sending.
/// The servers run in their own AppHost run so they can stop without the services; the services reach
/// PostgreSQL through a TCP gate, because a restarted server comes back on another port.
/// </summary>
[Collection(WholeAppCollectionDefinition.Name)]
public sealed class DatabaseOutageTests(ITestOutputHelper testOutput) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    // Bounds on hung waits only. Fifty requests may each wait out ingest's commit timeout before the spool
    // takes them, and a slow, shared machine may be starting other stacks meanwhile.
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(5);

    private readonly TestOutputWriter _output = new(testOutput);
    private readonly TempFolder _postgresData = new();
    private readonly TempFolder _redisData = new();
    private readonly TempFolder _servicesData = new();

    [Fact]
    public async Task PostgresStoppedWhileAClientKeepsSending_ThenStarted_EveryAcceptedRequestIsDelivered_CountedExactly()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        var postgres = await StartPostgresAsync();
        await using var redis = await SoldrApp.StartServersAsync(_redisData.Path, "redis");
        var direct = new NpgsqlConnectionStringBuilder(await postgres.ConnectionStringAsync("soldr"));
        await using var gate = new TcpGate(direct.Port);
        var viaGate = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = gate.Port }.ConnectionString;

        await using var services = await SoldrApp.StartAsync(
            _servicesData.Path,
            [
                "--ConnectionStrings:soldr", viaGate,
                "--ConnectionStrings:redis", await redis.ConnectionStringAsync("redis"),
                $"--Soldr:Webhooks:outage:Destinations:0:Url={receiver.Url}",
            ]);
        using var ingest = new HttpClient { BaseAddress = services.Endpoint("ingest") };
        using var sender = new SteadySender(ingest);
        var sending = sender.RunAsync();

        try
        {
            await Eventually.UntilAsync(
                () => sender.Accepted.Count >= 50, "requests accepted before the outage", PhaseTimeout);
            await postgres.DisposeAsync();
            var beforeRestart = sender.Accepted.Count;

            // These can only have been acknowledged from ingest's spool.
            await Eventually.UntilAsync(
                () => sender.Accepted.Count >= beforeRestart + 50,
                "requests accepted while PostgreSQL is stopped",
                PhaseTimeout);

            postgres = await StartPostgresAsync();
            gate.UpstreamPort = new NpgsqlConnectionStringBuilder(await postgres.ConnectionStringAsync("soldr")).Port;
            var afterRestart = sender.Accepted.Count;
            await Eventually.UntilAsync(
                () => sender.Accepted.Count >= afterRestart + 50,
                "requests accepted after PostgreSQL is back",
                PhaseTimeout);
        }
        finally
        {
            await sender.StopAsync(sending);
        }

        var accepted = sender.Accepted.Keys.ToHashSet();
        await Eventually.UntilAsync(
            () => accepted.IsSubsetOf(receiver.Received.Select(r => Guid.Parse(r.Headers["Soldr-Request-Id"]))),
            "every accepted request at the receiver",
            DeliveryTimeout);

        await using var db = NpgsqlDataSource.Create(await postgres.ConnectionStringAsync("soldr"));
        await using var saved = db.CreateCommand("SELECT id FROM requests");
        var savedIds = new HashSet<Guid>();
        await using (var reader = await saved.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                savedIds.Add(reader.GetGuid(0));
            }
        }

        // Exactly what was acknowledged: nothing lost, nothing saved twice (spooled requests drained once).
        Assert.True(accepted.SetEquals(savedIds), $"{accepted.Count} accepted, {savedIds.Count} saved");
        Assert.All(receiver.Received, r => Assert.Equal(sender.Accepted[Guid.Parse(r.Headers["Soldr-Request-Id"])], r.BodyText));
        await postgres.DisposeAsync();
    }

    public void Dispose()
    {
        _output.Dispose();
        _postgresData.Dispose();
        _redisData.Dispose();
        _servicesData.Dispose();
    }

    private Task<SoldrApp> StartPostgresAsync() => SoldrApp.StartServersAsync(_postgresData.Path, "postgres", "soldr");

    /// <summary>Sends one webhook after another and remembers the body of each one answered 202.</summary>
    private sealed class SteadySender(HttpClient ingest) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public ConcurrentDictionary<Guid, string> Accepted { get; } = new();

        public async Task RunAsync()
        {
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                // A request is never abandoned half-way: one that was saved must have its answer read.
                var body = $$"""{"n":{{n}}}""";
                using var response = await ingest.PostAsync($"/w/outage/events?n={n}", new StringContent(body), CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var receipt = await response.Content.ReadFromJsonAsync<IngestReceipt>(CancellationToken.None);
                    Accepted[receipt!.Id] = body;
                }

                await Task.Delay(10, CancellationToken.None);
            }
        }

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
        }

        public void Dispose() => _stop.Dispose();
    }
}
