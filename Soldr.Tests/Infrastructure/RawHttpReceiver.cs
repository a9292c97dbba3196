using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// An HTTP/1.1 receiver on a raw socket that keeps each request exactly as it came off the wire: the
/// request line, every header line in order (nothing joined, unescaped or normalised, read as UTF-8), and
/// the body. It answers 200 and closes the connection.
/// </summary>
public sealed class RawHttpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<RawRequest> _received = new();
    private readonly TcpConnections _connections;

    public RawHttpReceiver(IPAddress? address = null)
    {
        _connections = new TcpConnections(address ?? IPAddress.Loopback, ServeAsync);
    }

    public int Port => _connections.Port;

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public IReadOnlyCollection<RawRequest> Received => _received;

    public ValueTask DisposeAsync() => _connections.DisposeAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
            {
                var read = await stream.ReadAsync(chunk, stopping);
                if (read == 0)
                {
                    return;
                }

                buffer.Write(chunk, 0, read);
            }

            var lines = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, headEnd).Split("\r\n");
            var headers = lines[1..];
            var length = headers
                .Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
                .FirstOrDefault();
            while (buffer.Length < headEnd + 4 + length)
            {
                var read = await stream.ReadAsync(chunk, stopping);
                if (read == 0)
                {
                    break;
                }

                buffer.Write(chunk, 0, read);
            }

            var body = buffer.ToArray()[(headEnd + 4)..];
            _received.Enqueue(new RawRequest(lines[0], headers, body));
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), stopping);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
        }
    }

    private static int IndexOfHeadEnd(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);
}

/// <summary>One request as it came off the wire.</summary>
public sealed record RawRequest(string RequestLine, IReadOnlyList<string> HeaderLines, byte[] Body)
{
    public string Method => RequestLine.Split(' ')[0];

    /// <summary>The request target exactly as sent: path and query, still encoded.</summary>
    public string Target => RequestLine.Split(' ')[1];

    /// <summary>The value of every line of header <paramref name="name"/> (any letter case), in order.</summary>
    public IReadOnlyList<string> Values(string name) =>
        [.. HeaderLines
            .Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(name.Length + 1)..].Trim())];
}
