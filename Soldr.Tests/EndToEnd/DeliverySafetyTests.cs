using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Soldr.Tests.Infrastructure;
using Soldr.Tests.Ingest;

namespace Soldr.Tests.EndToEnd;

/// <summary>
/// A real ingest host, a real worker host and a raw receiver: what a sender writes in its request line
/// reaches ingest byte for byte, and the receiver sees exactly the request line the worker wrote.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class DeliverySafetyTests(ServersFixture servers) : IAsyncLifetime, IDisposable
{
    // Bounds on hung waits only: whole stacks of other tests may be starting on the same few cores.
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(2);

    private readonly TempFolder _spool = new();
    private NpgsqlDataSource _db = null!;
    private string _connectionString = string.Empty;
    private IngestHost _ingest = null!;
    private WebApplication? _worker;

    public async Task InitializeAsync()
    {
        _connectionString = await servers.CreateDatabaseAsync();
        _db = NpgsqlDataSource.Create(_connectionString);
        _ingest = await IngestHost.StartAsync(_connectionString, servers.RedisConnectionString, _spool.Path);
    }

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync();
            await _worker.DisposeAsync();
        }

        await _ingest.DisposeAsync();
        await _db.DisposeAsync();
    }

    public void Dispose() => _spool.Dispose();

    [Fact]
    public async Task ASenderCannotLeadADeliveryOutOfItsDestinationsPath()
    {
        await using var receiver = new RawHttpReceiver();
        await TestData.DeclareAsync(_db, "demo", "{}", ($"http://127.0.0.1:{receiver.Port}/hook", "{}"));
        _worker = await WorkerHost.StartAsync(_connectionString, servers.RedisConnectionString);

        // Backslashes stay inside their segment, so a strict receiver gets a path under /hook/...
        var inside = await SendRawAsync("DELETE /w/demo/x/a%5Cb/..%5Cc?confirm=yes HTTP/1.1", "localhost");
        await Eventually.UntilAsync(() => receiver.Received.Count == 1, "the delivery under /hook/", WaitTimeout);
        // ...but this one would climb to /internal/admin at a receiver that takes a backslash for a slash
        // (IIS does): it is refused, recorded once, and nothing reaches any receiver.
        var climbing = await SendRawAsync("DELETE /w/demo/x/..%5C..%5C..%5C..%5Cinternal%5Cadmin?confirm=yes HTTP/1.1", "localhost");
        await Eventually.UntilAsync(
            async () => await ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE state = 'failed'") == 1,
            "the refusal to be recorded",
            WaitTimeout);

        Assert.StartsWith("HTTP/1.1 202", inside, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 202", climbing, StringComparison.Ordinal);
        Assert.Equal("DELETE /hook/x/a%5Cb/..%5Cc?confirm=yes HTTP/1.1", Assert.Single(receiver.Received).RequestLine);
        Assert.Equal(
            [("/x/a\\b/..\\c", "succeeded", (string?)null), ("/x/..\\..\\..\\..\\internal\\admin", "failed", "refused")],
            await TestData.RowsAsync(_db, """
                SELECT r.path, d.state, a.error_kind FROM requests r JOIN deliveries d ON d.request_id = r.id
                JOIN attempts a ON a.delivery_id = d.id ORDER BY r.received_at
                """, r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2))));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM attempts WHERE error_kind = 'refused'"));
    }

    /// <summary>What ingest stores as the sub-path, which the worker's URL builder must be safe for.</summary>
    [Theory]
    [InlineData("/w/demo/x/..%5C..%5Cy", null, "/x/..\\..\\y")]
    [InlineData("/w/demo/a%2Fb/%2fc", null, "/a%2Fb/%2fc")]
    [InlineData("/w/demo/a/%2e%2e/b", null, "/b")]
    [InlineData("/w/demo/a/%252e%252e/b", null, "/a/%2e%2e/b")]
    [InlineData("/w/demo/%C3%A9%20x%3F%23%40", null, "/é x?#@")]
    [InlineData("/x/..%5Cy", "demo.wh.localhost", "/x/..\\y")]
    public async Task IngestStoresTheSubPath_DecodedByKestrel_ExceptForEncodedSlashes(string target, string? host, string stored)
    {
        await TestData.DeclareAsync(_db, "demo", "{}", ("http://127.0.0.1:9/hook", "{}"));

        var answer = await SendRawAsync($"POST {target} HTTP/1.1", host ?? "localhost");

        Assert.StartsWith("HTTP/1.1 202", answer, StringComparison.Ordinal);
        Assert.Equal(stored, await ScalarAsync<string>("SELECT path FROM requests"));
    }

    /// <summary>Sends a request line as written, with no client in between to normalise it.</summary>
    private async Task<string> SendRawAsync(string requestLine, string host)
    {
        var port = _ingest.App.BaseAddress().Port;
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var request = $"{requestLine}\r\nHost: {host}:{port.ToString(CultureInfo.InvariantCulture)}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(WaitTimeout);
    }

    private async Task<T> ScalarAsync<T>(string sql) => await TestData.ScalarAsync<T>(_db, sql);
}
