using Microsoft.AspNetCore.Http;
using System.Globalization;
using Npgsql;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Soldr.AppHost.Hosting;
using Soldr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Soldr.Tests.EndToEnd;

/// <summary>
/// Several worker processes on one database, and a worker that dies with sends in flight: real
/// PostgreSQL, Redis, worker processes and HTTP. Requests are written straight into the requests table,
/// as ingest would have saved them, so only the workers' side is under test.
/// </summary>
[Collection(WholeAppCollectionDefinition.Name)]
public sealed class WorkerFleetTests(ITestOutputHelper testOutput) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    // Bounds on hung waits only; a slow, shared machine must never fail these tests.
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(2);

    private readonly TestOutputWriter _output = new(testOutput);
    private readonly TempFolder _data = new();
    private readonly TempFolder _secondData = new();

    [Fact]
    public async Task ThreeWorkerProcesses_OnOneDatabase_DeliverFiveThousandRequests_EachExactlyOnce()
    {
        const int requestCount = 5000;
        string[] workers = ["worker-1", "worker-2", "worker-3"];
        await using var receiver = await HttpReceiver.StartAsync(200);

        await using var app = await StartAsync(
            _data.Path,
            [
                $"--Soldr:Webhooks:fleet:Destinations:0:Url={receiver.Url}",
                // Far fewer sends at once than the backlog holds, so each worker keeps coming back to
                // the queue and the three claim side by side instead of one taking a large share at once.
                "--Soldr:Worker:MaxConcurrency=8",
                // A recurring job every second on three Hangfire servers: each occurrence must run once.
                "--Soldr:Jobs:StaleWorkerSchedule=00:00:01",
            ],
            workers);

        await using var db = NpgsqlDataSource.Create(await app.ConnectionStringAsync("soldr"));

        // The webhook reached every worker through the AppHost's configuration, not only one of them.
        Assert.Equal(receiver.Url.ToString(), await ScalarAsync<string>(db, """
            SELECT d.url FROM destinations d JOIN webhooks w ON w.id = d.webhook_id WHERE w.name = 'fleet'
            """));
        // Each worker's output is read on its own, so a line may trail the health check that let the run start.
        await Eventually.UntilAsync(
            () =>
            {
                var lines = _output.Text.Split('\n');
                return workers.All(worker => lines.Any(line =>
                    ResourceOf(line) == worker && line.Contains("Webhook 'fleet' declared in configuration with 1 destination(s)", StringComparison.Ordinal)));
            },
            "every worker to report the declared webhook");

        var bodies = await InsertRequestsAsync(db, "fleet", requestCount);

        await Eventually.UntilAsync(() => receiver.Received.Count >= requestCount, $"{requestCount} requests at the receiver", DeliveryTimeout);
        await Eventually.UntilAsync(
            async () => await ScalarAsync<long>(db, "SELECT count(*) FROM deliveries WHERE state <> 'pending'") == requestCount,
            "every delivery to be settled",
            SettleTimeout);

        // Exactly once at the receiver: no request missing, none sent twice, each carrying its own body.
        var received = receiver.Received.ToArray();
        Assert.Equal(requestCount, received.Length);
        var receivedIds = received.Select(r => Guid.Parse(r.Headers["Soldr-Request-Id"])).ToArray();
        Assert.Equal(requestCount, receivedIds.Distinct().Count());
        Assert.True(bodies.Keys.ToHashSet().SetEquals(receivedIds), "the receiver got exactly the inserted requests");
        Assert.All(received, r => Assert.Equal(bodies[Guid.Parse(r.Headers["Soldr-Request-Id"])], r.BodyText));
        Assert.All(received, r => Assert.Equal("1", r.Headers["Soldr-Attempt"]));

        // Exactly once in the database: one claim per delivery (a second claim would count a second
        // attempt) and one recorded attempt each.
        Assert.Equal(requestCount, await ScalarAsync<long>(db, "SELECT count(*) FROM requests WHERE state = 'routed'"));
        Assert.Equal(requestCount, await ScalarAsync<long>(db, "SELECT count(DISTINCT request_id) FROM deliveries"));
        Assert.Equal(requestCount, await ScalarAsync<long>(db, "SELECT count(*) FROM deliveries WHERE state = 'succeeded' AND attempt_count = 1"));
        Assert.Equal(requestCount, await ScalarAsync<long>(db, "SELECT count(*) FROM attempts"));
        Assert.Equal(requestCount, await ScalarAsync<long>(db, "SELECT count(DISTINCT delivery_id) FROM attempts WHERE number = 1 AND status_code = 200"));

        // Attempts do not record which worker made them; each worker's log does, one line per success.
        // Every request appears in exactly one worker's log, and every worker took part.
        var deliveredBy = await Eventually.WaitAsync(
            () => Task.FromResult(DeliveredLines(_output.Text) is { Count: requestCount } all ? all : null),
            $"{requestCount} 'Delivered' log lines",
            SettleTimeout);
        Assert.True(bodies.Keys.ToHashSet().SetEquals(deliveredBy.Select(d => d.RequestId)), "each request logged as delivered exactly once");
        var perWorker = deliveredBy.GroupBy(d => d.Worker).ToDictionary(g => g.Key, g => g.Count());
        testOutput.WriteLine("Deliveries per worker: " + string.Join(", ", workers.Select(w => $"{w}={perWorker.GetValueOrDefault(w)}")));
        Assert.All(workers, worker => Assert.True(perWorker.GetValueOrDefault(worker) > 0, $"{worker} delivered some of the requests"));

        // Each occurrence of the recurring job was one Hangfire job, run once, on one of the three servers.
        Assert.Equal(workers.Length, await ScalarAsync<long>(db, "SELECT count(*) FROM hangfire.server"));
        var occurrences = await ScalarAsync<long>(db, """
            SELECT count(*) FROM hangfire.jobparameter WHERE name = 'RecurringJobId' AND value = '"stale-workers"'
            """);
        var distinct = await ScalarAsync<long>(db, """
            SELECT count(DISTINCT t.value) FROM hangfire.jobparameter t
            JOIN hangfire.jobparameter r ON r.jobid = t.jobid AND r.name = 'RecurringJobId' AND r.value = '"stale-workers"'
            WHERE t.name = 'Time'
            """);
        var runs = await ScalarAsync<long>(db, "SELECT count(*) FROM job_runs WHERE job = 'stale-workers'");
        var servers = await ScalarAsync<long>(db, """
            SELECT count(DISTINCT s.data ->> 'ServerId') FROM hangfire.state s
            JOIN hangfire.jobparameter r ON r.jobid = s.jobid AND r.name = 'RecurringJobId' AND r.value = '"stale-workers"'
            WHERE s.name = 'Processing'
            """);
        testOutput.WriteLine($"stale-workers: {occurrences} occurrence(s), {runs} run(s), on {servers} server(s)");
        Assert.True(occurrences >= 5, $"the schedule fired ({occurrences} occurrences)");
        Assert.Equal(occurrences, distinct);
        // A run still under way when counted is not recorded yet; none is recorded twice. (A run that found
        // the previous occurrence's still going is recorded as skipped: runs never overlap.)
        Assert.InRange(runs, occurrences - (workers.Length * 4), occurrences);
        Assert.Equal(0, await ScalarAsync<long>(db, "SELECT count(*) FROM job_runs WHERE job = 'stale-workers' AND outcome = 'failed'"));

        // None of them fell over along the way: still the state they started in, and still healthy.
        using var http = new HttpClient();
        foreach (var worker in workers)
        {
            using var health = await http.GetAsync(new Uri(app.Endpoint(worker), "/health"));
            Assert.True(health.IsSuccessStatusCode, $"{worker} answers /health");
        }
    }

    [Fact]
    public async Task AWorkerKilledMidDelivery_HasItsDeliveriesRetriedAfterTheLeaseExpires_AndNothingIsLost()
    {
        const int requestCount = 20;
        const int perDestination = 5;
        // Holds every request open, recorded but unanswered, until the gate opens; then answers 200.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        await using var receiver = await HttpReceiver.StartAsync(async (context, _) =>
        {
            Interlocked.Increment(ref held);
            try
            {
                await gate.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender went away (a killed process closes its sockets); there is no one to answer.
                return;
            }
            finally
            {
                Interlocked.Decrement(ref held);
            }

            await context.Response.WriteAsync("received", context.RequestAborted);
        });
        string[] settings =
        [
            $"--Soldr:Webhooks:lease:Destinations:0:Url={receiver.Url}",
            // Deliveries waiting in line keep the lease of their claim, unrenewed: one that ran out before
            // the kill would be claimed again by the first worker itself, counting a second attempt. So the
            // lease outlasts any pause a slow, shared machine could put between the claim and the kill.
            // A send's timeout plus the margin for recording it is longer still, so the worker renews each
            // lease to cover the send before sending.
            "--Soldr:Worker:LeaseDuration=00:01:00",
            // Long enough that the held sends are still in flight when the worker is killed, even on a
            // slow machine: a send that timed out first would be an attempt recorded by the first worker.
            "--Soldr:Delivery:Timeout=00:01:00",
            // Only this many sends at once to the receiver; the rest of what the worker claims waits in
            // line behind them.
            $"--Soldr:Worker:MaxConcurrencyPerDestination={perDestination}",
        ];

        await using var first = await StartAsync(_data.Path, settings, ["worker-1"]);
        var connectionString = await first.ConnectionStringAsync("soldr");
        await using var db = NpgsqlDataSource.Create(connectionString);
        var bodies = await InsertRequestsAsync(db, "lease", requestCount);

        // Before the kill the worker has as many sends open as the destination allows; whatever else it
        // claimed waits in line behind them, leased but not sent.
        await Eventually.UntilAsync(
            async () => Volatile.Read(ref held) == perDestination
                && await ScalarAsync<long>(db, "SELECT count(*) FROM deliveries") == requestCount,
            $"{perDestination} sends held at the receiver",
            SettleTimeout);

        // Killed, not stopped: the sends it holds are neither finished nor given back.
        using var worker = ServiceProcesses.Find("Soldr.Worker", connectionString);
        worker.Kill();
        await worker.WaitForExitAsync();

        var inFlight = receiver.Received.Select(r => Guid.Parse(r.Headers["Soldr-Request-Id"])).ToHashSet();
        Assert.Equal(perDestination, inFlight.Count);
        Assert.All(receiver.Received, r => Assert.Equal("1", r.Headers["Soldr-Attempt"]));
        var leaseEnds = await LeaseEndsAsync(db);
        Assert.True(inFlight.IsSubsetOf(leaseEnds.Keys), "every send held at the receiver is leased");

        // From now on the destination answers at once; a second worker, a separate run on the same
        // servers, finds what the first left behind.
        gate.SetResult();
        await using var second = await StartAsync(
            _secondData.Path,
            ["--ConnectionStrings:soldr", connectionString, "--ConnectionStrings:redis", await first.ConnectionStringAsync("redis"), .. settings],
            ["worker-2"]);

        await Eventually.UntilAsync(
            async () => await ScalarAsync<long>(db, "SELECT count(*) FROM deliveries WHERE state <> 'pending'") == requestCount,
            "every delivery to be settled",
            DeliveryTimeout);

        var deliveries = await DeliveriesAsync(db);
        Assert.Equal(requestCount, deliveries.Count);
        Assert.True(bodies.Keys.ToHashSet().SetEquals(deliveries.Keys), "a delivery for every request");
        Assert.All(deliveries.Values, d => Assert.Equal("succeeded", d.State));
        foreach (var (requestId, delivery) in deliveries)
        {
            var attempt = Assert.Single(delivery.Attempts);
            Assert.Equal(200, attempt.StatusCode);
            if (leaseEnds.TryGetValue(requestId, out var leaseEnd))
            {
                // The killed worker's claim counted an attempt that was never recorded (sent and cut off,
                // or still waiting in line); the retry is attempt 2, claimed only once the lease ran out.
                Assert.Equal(2, delivery.AttemptCount);
                Assert.Equal(2, attempt.Number);
                Assert.True(attempt.StartedAt >= leaseEnd, $"attempt 2 of {requestId} started at {attempt.StartedAt:O}, before its lease ended at {leaseEnd:O}");
            }
            else
            {
                Assert.Equal(1, delivery.AttemptCount);
                Assert.Equal(1, attempt.Number);
            }
        }

        // At least once at the receiver: every request arrived, with its body; only the ones in flight
        // at the kill arrived twice, first as attempt 1 and then as attempt 2.
        var arrivals = receiver.Received
            .GroupBy(r => Guid.Parse(r.Headers["Soldr-Request-Id"]))
            .ToDictionary(g => g.Key, g => g.ToArray());
        Assert.True(bodies.Keys.ToHashSet().SetEquals(arrivals.Keys), "every request reached the receiver");
        Assert.All(arrivals, a => Assert.All(a.Value, r => Assert.Equal(bodies[a.Key], r.BodyText)));
        Assert.True(inFlight.SetEquals(arrivals.Where(a => a.Value.Length > 1).Select(a => a.Key)), "only the sends in flight at the kill arrived twice");
        foreach (var (requestId, sends) in arrivals)
        {
            string[] expected = inFlight.Contains(requestId) ? ["1", "2"] : leaseEnds.ContainsKey(requestId) ? ["2"] : ["1"];
            Assert.Equal(expected, sends.Select(r => r.Headers["Soldr-Attempt"]));
        }
    }

    public void Dispose()
    {
        _output.Dispose();
        _data.Dispose();
        _secondData.Dispose();
    }

    /// <summary>
    /// The AppHost with its worker replaced by <paramref name="workers"/>, each declared as the AppHost
    /// declares its worker (logging every delivery), and without ingest and admin.
    /// </summary>
    private Task<SoldrApp> StartAsync(string dataFolder, IEnumerable<string> args, IEnumerable<string> workers) =>
        SoldrApp.StartAsync(dataFolder, args, builder =>
        {
            var declared = builder.Resources.OfType<ProjectResource>().ToList();
            var project = declared.Single(p => p.Name == "worker").GetProjectMetadata().ProjectPath;
            var database = builder.CreateResourceBuilder(builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == "soldr"));
            var redis = builder.CreateResourceBuilder(builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == "redis"));
            declared.ForEach(p => builder.Resources.Remove(p));
            foreach (var name in workers)
            {
                builder.AddProject(name, project)
                    .WithInternalEndpoint("http")
                    .WithSoldrConfiguration()
                    .WithEnvironment("Logging__LogLevel__Soldr.Worker.Delivery.DeliveryAttempt", "Debug")
                    .WithReference(database).WaitFor(database)
                    .WithReference(redis).WaitFor(redis);
            }
        }, _output);

    private static async Task<Dictionary<Guid, string>> InsertRequestsAsync(NpgsqlDataSource db, string webhook, int count)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO requests (id, webhook_name, received_at, method, path, query, headers, body, state)
            SELECT gen_random_uuid(), @webhook, now(), 'POST', '/', '',
                   '[["Content-Type", "application/json"]]'::jsonb,
                   convert_to(format('{"seq":%s}', seq), 'UTF8'), 'received'
            FROM generate_series(1, @count) AS seq
            RETURNING id, convert_from(body, 'UTF8')
            """);
        command.Parameters.AddWithValue("webhook", webhook);
        command.Parameters.AddWithValue("count", count);
        var bodies = new Dictionary<Guid, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            bodies.Add(reader.GetGuid(0), reader.GetString(1));
        }

        Assert.Equal(count, bodies.Count);
        return bodies;
    }

    private static async Task<Dictionary<Guid, DateTimeOffset>> LeaseEndsAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("SELECT request_id, locked_until FROM deliveries WHERE lease IS NOT NULL");
        var ends = new Dictionary<Guid, DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ends.Add(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1));
        }

        return ends;
    }

    private static async Task<Dictionary<Guid, DeliveryRow>> DeliveriesAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            SELECT d.request_id, d.state, d.attempt_count, a.number, a.status_code, a.started_at
            FROM deliveries d LEFT JOIN attempts a ON a.delivery_id = d.id
            ORDER BY d.request_id, a.number
            """);
        var deliveries = new Dictionary<Guid, DeliveryRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var requestId = reader.GetGuid(0);
            if (!deliveries.TryGetValue(requestId, out var delivery))
            {
                delivery = new DeliveryRow(reader.GetString(1), reader.GetInt32(2), []);
                deliveries.Add(requestId, delivery);
            }

            if (!reader.IsDBNull(3))
            {
                delivery.Attempts.Add(new AttemptRow(
                    reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        return deliveries;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The resource whose output a line is, from the AppHost's "name | text" prefix.</summary>
    private static string? ResourceOf(string line)
    {
        var bar = line.IndexOf(" | ", StringComparison.Ordinal);
        return bar > 0 ? line[..bar].Trim() : null;
    }

    /// <summary>Each "Delivered request {id}" line the workers logged, with the worker that logged it.</summary>
    private static List<(string Worker, Guid RequestId)> DeliveredLines(string output)
    {
        const string marker = "Delivered request ";
        var delivered = new List<(string, Guid)>();
        foreach (var line in output.Split('\n'))
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && ResourceOf(line) is { } worker
                && Guid.TryParse(line.AsSpan(at + marker.Length, Math.Min(36, line.Length - at - marker.Length)), CultureInfo.InvariantCulture, out var id))
            {
                delivered.Add((worker, id));
            }
        }

        return delivered;
    }

    private sealed record DeliveryRow(string State, int AttemptCount, List<AttemptRow> Attempts);

    private sealed record AttemptRow(int Number, int? StatusCode, DateTimeOffset StartedAt);
}
