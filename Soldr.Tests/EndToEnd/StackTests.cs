using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Testing;
using Soldr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Soldr.Tests.EndToEnd;

/// <summary>The whole stack, started through the AppHost's own Program.cs, talked to over real HTTP.</summary>
public sealed class StackTests(ITestOutputHelper testOutput) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly TestOutputWriter _output = new(testOutput);
    private readonly TempFolder _data = new();

    [Fact]
    public async Task AWebhook_IsSavedDeliveredAndInspectable_AndTheStackStopsCleanly_AndKeepsItsData()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        Guid hostFormId;
        IReadOnlyList<int> processes;

        await using (var app = await StartAsync(receiver))
        {
            var running = app.Running;
            using var ingest = new HttpClient { BaseAddress = running.GetEndpoint("ingest") };

            hostFormId = await SendAsync(ingest, $"e2e.wh.localhost:{running.GetEndpoint("ingest").Port}", "/orders/1?x=2", """{"order":1}""");
            var pathFormId = await SendAsync(ingest, null, "/w/e2e/refunds/9", """{"refund":9}""");
            Assert.True(File.Exists(Path.Combine(_data.Path, "spool", "ingest", "spool.lock")), "ingest keeps its spool in the data folder");

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

            using var api = new HttpClient { BaseAddress = running.GetEndpoint("admin", "api") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/requests/{hostFormId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/health")).StatusCode);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", running.GetSecret("admin-secret"));
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

            using var ui = new HttpClient { BaseAddress = running.GetEndpoint("admin") };
            Assert.Equal(HttpStatusCode.OK, (await ui.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ui.GetAsync($"/api/requests/{hostFormId}")).StatusCode);

            // A service dying is reported with its exit code; the others keep serving.
            ProcessSignals.Send(running.GetProcessId("worker")!.Value, ProcessSignals.SigKill);
            await Eventually.UntilAsync(() => _output.Text.Contains("worker exited with code 137 unexpectedly", StringComparison.Ordinal), "the exit report");
            await SendAsync(ingest, null, "/w/e2e/after-crash", "{}");

            processes = running.GetProcessIds();
        }

        Assert.All(processes, pid => Assert.False(ProcessSignals.IsAlive(pid), $"process {pid} is gone"));

        // A second run on the same data folder finds the first run's requests.
        await using (var again = await StartAsync(receiver))
        {
            using var api = new HttpClient { BaseAddress = again.Running.GetEndpoint("admin", "api") };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", again.Running.GetSecret("admin-secret"));
            var details = await api.GetFromJsonAsync<JsonElement>($"/api/requests/{hostFormId}");
            Assert.Equal("e2e", details.GetProperty("webhook").GetString());

            // With the database gone, a request is still acknowledged: it waits in the spool in the data folder.
            ProcessSignals.Send(again.Running.GetProcessId("postgres")!.Value, ProcessSignals.SigKill);
            using var ingest = new HttpClient { BaseAddress = again.Running.GetEndpoint("ingest") };
            using var spooled = await ingest.PostAsync("/w/e2e/while-down", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.Accepted, spooled.StatusCode);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(_data.Path, "spool", "ingest"), "segment-*.spool"));
            Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync("/alive")).StatusCode);
            await Eventually.UntilAsync(() => _output.Text.Contains("requests are kept in the spool", StringComparison.Ordinal), "the ingest log line");
        }
    }

    public void Dispose()
    {
        _output.Dispose();
        _data.Dispose();
    }

    private Task<TestingApplication> StartAsync(HttpReceiver receiver) =>
        DistributedApplicationTestingBuilder.StartAsync<Projects.Soldr_AppHost>(
            [
                "--data-dir", _data.Path,
                "--ingest-port", "0", "--ui-port", "0", "--api-port", "0",
                $"--Soldr:Webhooks:e2e:Destinations:0:Url={receiver.Url}hook",
            ],
            _output,
            StartTimeout);

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
