using System.Net.Sockets;
using System.Text;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>
/// On the UI port the API does not exist, and says so before reading a body: a request that announces a
/// large body and never sends it still gets its 404 straight away, so nobody can tie up the UI port by
/// pretending to upload to an API route.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class UiPortBodyTests(ServersFixture servers)
{
    // Only bounds a hung test: a refusal that waited for the body would never come, since none is sent.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("POST", "/api/webhooks")]
    [InlineData("PUT", "/api/requests/0199a1b2-0000-7000-8000-000000000000")]
    [InlineData("POST", "/api/requests/resend")]
    [InlineData("PUT", "/API/webhooks/shop")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("POST", "/reference/")]
    public async Task AnApiRouteOnTheUiPort_Answers404_WithoutWaitingForTheBodyItAnnounces(string method, string path)
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var client = new TcpClient();
        await client.ConnectAsync(admin.OtherAddress.Host, admin.OtherAddress.Port);
        var stream = client.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: {admin.OtherAddress.Authority}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(Bound);
        var statusLine = await ReadLineAsync(stream, timeout.Token);

        Assert.Equal("HTTP/1.1 404 Not Found", statusLine);
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer, cancellationToken) == 1 && buffer[0] != '\n')
        {
            line.Append((char)buffer[0]);
        }

        return line.ToString().TrimEnd('\r');
    }
}
