using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Soldr.Client.Contracts;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;
using Soldr.Tests.Ingest;

namespace Soldr.Tests.EndToEnd;

/// <summary>
/// Real ingest, admin and worker hosts on the suite's PostgreSQL and Redis, with the worker polling as
/// seldom as it allows: work announced through Redis is sent at once, long before the next poll would
/// find it. Only HTTP goes in and deliveries are watched (the worker's log only for warnings), so the
/// tests hold whatever carries the wake-ups.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class WorkerWakeUpTests(ServersFixture servers)
{
    // The longest poll the worker accepts. Any look at the queue restarts it, so after a delivery the
    // worker's next poll is at least this far away from the claim that sent it.
    private const string SlowPoll = "00:01:00";

    // Far below the poll: what arrives within it was not found by one. Only bounds a test that failed.
    private static readonly TimeSpan WakeUpTimeout = TimeSpan.FromSeconds(30);

    // The first delivery may be found by a poll, while the worker is still subscribing. Only bounds a
    // hung test, as does the wait for its recording.
    private static readonly TimeSpan FirstDeliveryTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AWebhookSavedByIngest_IsDeliveredAtOnce_BecauseIngestWakesTheWorker_NotAtTheWorkersNextPoll()
    {
        await using var stack = await Stack.StartAsync(servers);
        await stack.DeliverFirstAsync();

        var id = await stack.SendAsync("""{"n":2}""");

        await Eventually.UntilAsync(
            () => stack.Arrivals(id) == 1, "the webhook's delivery, woken by ingest", WakeUpTimeout);
        stack.AssertWorkerKeptListening();
    }

    [Fact]
    public async Task AResendFromTheManagementApi_IsSentAtOnce_BecauseTheApiWakesTheWorker_NotAtTheWorkersNextPoll()
    {
        await using var stack = await Stack.StartAsync(servers);
        var id = await stack.DeliverFirstAsync();
        var api = stack.Admin.Client();

        var resent = await api.ResendAsync(id, new DeliverySelection(All: true));

        Assert.Equal(1, resent.Queued);
        await Eventually.UntilAsync(
            () => stack.Arrivals(id) == 2, "the re-send, woken by the management API", WakeUpTimeout);
        stack.AssertWorkerKeptListening();
    }

    /// <summary>A webhook with one destination, and the three services that receive, manage and deliver it.</summary>
    private sealed class Stack(
        TempFolder spool,
        HttpReceiver receiver,
        AdminHost admin,
        IngestHost ingest,
        WebApplication worker,
        FakeLogCollector workerLogs) : IAsyncDisposable
    {
        public AdminHost Admin => admin;

        public static async Task<Stack> StartAsync(ServersFixture servers)
        {
            var database = await servers.CreateDatabaseAsync();
            var redis = servers.RedisConnectionString;
            var spool = new TempFolder();
            var receiver = await HttpReceiver.StartAsync(200);
            var admin = await AdminHost.StartAsync(database, redis);
            await admin.Client().CreateWebhookAsync(
                new WebhookInput("shop", Enabled: true, null, [new DestinationInput(receiver.Url + "hook")]));
            var ingest = await IngestHost.StartAsync(database, redis, spool.Path);
            var workerLogs = new FakeLogCollector();
            var worker = await WorkerHost.StartAsync(
                database,
                redis,
                new Dictionary<string, string?>
                {
                    ["Soldr:Worker:PollInterval"] = SlowPoll,
                    // Configured as a complete installation would be, so it has nothing to warn about.
                    ["Soldr:Alerts:WebhookUrl"] = receiver.Url + "alerts",
                },
                new FakeLoggerProvider(workerLogs));
            return new Stack(spool, receiver, admin, ingest, worker, workerLogs);
        }

        /// <summary>
        /// Sends a first webhook and waits until its delivery is recorded: the worker is listening by
        /// then, and has just looked at the queue, so its next poll is a whole interval away.
        /// </summary>
        public async Task<Guid> DeliverFirstAsync()
        {
            var id = await SendAsync("""{"n":1}""");
            await Eventually.UntilAsync(() => Arrivals(id) == 1, "the first delivery", FirstDeliveryTimeout);
            var api = admin.Client();
            await Eventually.UntilAsync(
                async () => (await api.GetRequestAsync(id)).Outcome == "succeeded",
                "the first delivery to be recorded",
                FirstDeliveryTimeout);
            return id;
        }

        public async Task<Guid> SendAsync(string body)
        {
            using var response = await ingest.Client.PostAsync("/w/shop/orders", new StringContent(body));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return await SavedRequests.ReceiptAsync(response);
        }

        /// <summary>
        /// A worker that cannot subscribe retries and, each time, looks at the queue in case it missed a
        /// wake-up: a prompt delivery then proves nothing. A healthy one warns about nothing.
        /// </summary>
        public void AssertWorkerKeptListening()
        {
            var warnings = workerLogs.GetSnapshot().Where(line => line.Level >= LogLevel.Warning).ToList();
            Assert.True(warnings.Count == 0, "The worker warned: " + string.Join(Environment.NewLine, warnings));
        }

        /// <summary>How many times the request reached the destination.</summary>
        public int Arrivals(Guid id) =>
            receiver.Received.Count(r =>
                r.Headers.TryGetValue("Soldr-Request-Id", out var sent) && sent == id.ToString());

        public async ValueTask DisposeAsync()
        {
            await worker.StopAsync();
            await worker.DisposeAsync();
            await ingest.DisposeAsync();
            await admin.DisposeAsync();
            await receiver.DisposeAsync();
            spool.Dispose();
        }
    }
}
