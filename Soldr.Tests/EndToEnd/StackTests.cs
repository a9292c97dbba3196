using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Soldr.Client;
using Soldr.AppHost.Hosting;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.EndToEnd;

/// <summary>The whole stack, started through the AppHost's own Program.cs, talked to over real HTTP.</summary>
[Collection(WholeAppCollectionDefinition.Name)]
public sealed class StackTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task AWebhook_IsSavedDeliveredAndInspectable_AndTheStackStopsCleanly_AndKeepsItsData()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        Guid hostFormId;
        int ingestPort;

        await using (var running = await StartAsync(receiver))
        {
            using var ingest = new HttpClient { BaseAddress = running.Endpoint("ingest") };

            hostFormId = await SendAsync(ingest, $"e2e.wh.localhost:{running.Endpoint("ingest").Port}", "/orders/1?x=2", """{"order":1}""");
            var pathFormId = await SendAsync(ingest, null, "/w/e2e/refunds/9", """{"refund":9}""");
            Assert.True(File.Exists(Path.Combine(_data.Path, "spool", "ingest", "spool.lock")), "ingest keeps its spool in the data folder");

            // No dashboard runs here, so nothing would receive the services' telemetry: they export none.
            var databasePassword = (await File.ReadAllTextAsync(Path.Combine(_data.Path, "soldr-db-password"))).Trim();
            using (var worker = ServiceProcesses.Find("Soldr.Worker", databasePassword))
            {
                var environment = await File.ReadAllTextAsync($"/proc/{worker.Id}/environ");
                Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT=", environment, StringComparison.Ordinal);
            }

            await Eventually.UntilAsync(() => receiver.Received.Count == 2, "both webhooks at the receiver");
            var byId = receiver.Received.ToDictionary(r => Guid.Parse(r.Headers["Soldr-Request-Id"]));
            Assert.All(receiver.Received, r => Assert.Equal(r.Headers["Soldr-Request-Id"], r.Headers["webhook-id"]));
            Assert.Equal("/hook/orders/1?x=2", byId[hostFormId].PathAndQuery);
            Assert.Equal("""{"order":1}""", byId[hostFormId].BodyText);
            Assert.Equal("application/json", byId[hostFormId].Headers["Content-Type"]);
            Assert.Equal("/hook/refunds/9", byId[pathFormId].PathAndQuery);

            // Bad input gets a defined answer and the service carries on. A large body is sent the way
            // curl and most HTTP clients send one, asking first (Expect: 100-continue), so the 413 is
            // read before any of it goes out.
            using (var oversized = new HttpRequestMessage(HttpMethod.Post, "/w/e2e/big") { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) })
            {
                oversized.Headers.ExpectContinue = true;
                using var big = await ingest.SendAsync(oversized);
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
            }

            using (var elsewhere = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent("{}") })
            {
                elsewhere.Headers.Host = "shop.example.com";
                Assert.Equal(HttpStatusCode.NotFound, (await ingest.SendAsync(elsewhere)).StatusCode);
            }

            Assert.Equal(HttpStatusCode.NotFound, (await ingest.PostAsync("/w/-bad-/x", new StringContent("{}"))).StatusCode);
            // The Hangfire dashboard is the admin UI's alone, and the Aspire dashboard links to it.
            Assert.Equal(HttpStatusCode.NotFound, (await ingest.GetAsync("/hangfire")).StatusCode);
            Assert.Contains(new Uri(running.Endpoint("admin"), "/hangfire").ToString(), await running.UrlsAsync("admin"));

            using var api = new HttpClient { BaseAddress = running.Endpoint("admin", "api") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/requests/{hostFormId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/health")).StatusCode);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", running.AdminSecret);
            var request = await Eventually.WaitAsync(async () =>
            {
                var details = await api.GetStringAsync($"/api/requests/{hostFormId}");
                return details.Contains("\"succeeded\"", StringComparison.Ordinal) ? JsonDocument.Parse(details) : null;
            }, "the attempt to be recorded");
            Assert.Equal("succeeded", request.RootElement.GetProperty("outcome").GetString());
            Assert.Equal(0, request.RootElement.GetProperty("revisions").GetArrayLength());
            var attempt = request.RootElement.GetProperty("deliveries")[0].GetProperty("attempts")[0];
            Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
            Assert.Equal("received", attempt.GetProperty("responseBody").GetString());
            Assert.Equal(0, attempt.GetProperty("revision").GetInt32());

            // The worker's dashboard command pauses a recurring job through the management API.
            await running.RunCommandAsync("worker", "pause-purge");
            var jobs = await SoldrClient.Create(api).GetJobsAsync();
            Assert.True(jobs.RecurringJobs.Single(j => j.Name == "purge").Paused, "the purge is paused");
            Assert.False(jobs.RecurringJobs.Single(j => j.Name == "metrics-rollup").Paused, "the roll-up runs on");

            using var ui = new HttpClient { BaseAddress = running.Endpoint("admin") };
            Assert.Equal(HttpStatusCode.OK, (await ui.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ui.GetAsync($"/api/requests/{hostFormId}")).StatusCode);

            ingestPort = running.Endpoint("ingest").Port;
        }

        // Stopped, the stack leaves nothing listening and PostgreSQL shut down cleanly (its lock file gone).
        Assert.False(Ports.IsInUse("localhost", ingestPort), "ingest stopped");
        await Eventually.UntilAsync(() => !File.Exists(Path.Combine(_data.Path, "postgres", "postmaster.pid")), "PostgreSQL to shut down cleanly");

        // A second run on the same data folder finds the first run's requests.
        await using (var again = await StartAsync(receiver))
        {
            using var api = new HttpClient { BaseAddress = again.Endpoint("admin", "api") };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", again.AdminSecret);
            var details = await api.GetFromJsonAsync<JsonElement>($"/api/requests/{hostFormId}");
            Assert.Equal("e2e", details.GetProperty("webhook").GetString());

            // With the database gone, a request is still acknowledged: it waits in the spool in the data folder.
            await again.StopResourceAsync("postgres");
            using var ingest = new HttpClient { BaseAddress = again.Endpoint("ingest") };
            using var spooled = await ingest.PostAsync("/w/e2e/while-down", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.Accepted, spooled.StatusCode);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(_data.Path, "spool", "ingest"), "segment-*.spool"));
            Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync("/alive")).StatusCode);
        }
    }

    public void Dispose() => _data.Dispose();

    private Task<SoldrApp> StartAsync(HttpReceiver receiver) =>
        SoldrApp.StartAsync(_data.Path, [$"--Soldr:Webhooks:e2e:Destinations:0:Url={receiver.Url}hook"]);

    private static async Task<Guid> SendAsync(HttpClient ingest, string? host, string pathAndQuery, string json)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (host is not null)
        {
            message.Headers.Host = host;
        }

        using var response = await ingest.SendAsync(message);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(id.ToString(), response.Headers.GetValues("Soldr-Request-Id").Single());
        return id;
    }
}
