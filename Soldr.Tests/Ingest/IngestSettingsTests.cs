using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Soldr.Ingest.Ingestion;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class IngestSettingsTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Theory]
    [InlineData("MaxBodyMemoryBytes", "500000", "Soldr:Ingest:MaxBodyMemoryBytes (500000) must be at least Soldr:Ingest:MaxBodyBytes (1048576)")]
    [InlineData("MaxRequestBufferBytes", "16384", "Soldr:Ingest:MaxRequestBufferBytes (16384) must be at least Soldr:Ingest:MaxHeaderBytes (32768)")]
    [InlineData("MaxConnections", "0", "Soldr:Ingest:MaxConnections must be between")]
    [InlineData("CommitTimeout", "00:00:00", "Soldr:Ingest:CommitTimeout must be between")]
    public async Task ALimitThatCannotWork_StopsTheStart_NamingTheKeys(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IngestHost.StartAsync(
            "Host=127.0.0.1;Username=u;Password=p;Database=d", servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?> { [$"{IngestOptions.Section}:{key}"] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastMaxConnections_ANewConnectionIsClosedAtOnce_AndIsTakenAgainOnceOneCloses()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?> { ["Soldr:Ingest:MaxConnections"] = "2" });
        var server = ingest.App.BaseAddress();

        using var first = await KeptAliveAsync(server);
        using var second = await KeptAliveAsync(server);
        using (var third = new TcpClient())
        {
            await third.ConnectAsync(server.Host, server.Port);
            Assert.True(await IsClosedAsync(third), "a third connection was kept open");
        }

        first.Dispose();
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                using var again = await KeptAliveAsync(server);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }, "a connection to be taken once one of the two closed");
    }

    // A connection that has been answered once and stays open for more.
    private static async Task<TcpClient> KeptAliveAsync(Uri server)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(server.Host, server.Port);
            var stream = client.GetStream();
            await stream.WriteAsync("POST /w/shop/kept HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}"u8.ToArray());
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (read == 0 || !Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 202", StringComparison.Ordinal))
            {
                throw new IOException("The connection was not answered 202.");
            }

            return client;
        }
        catch (Exception ex) when (ex is SocketException)
        {
            client.Dispose();
            throw new IOException("The connection was refused or cut.", ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<bool> IsClosedAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync("GET /alive HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
            return await stream.ReadAsync(new byte[1024]).AsTask().WaitAsync(TimeSpan.FromSeconds(30)) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _spool.Dispose();
}
