using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a free loopback port that accepts every message and keeps it: just enough of
/// RFC 5321 (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for an SMTP client to deliver mail to it.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly TcpConnections _connections;

    public SmtpReceiver()
    {
        _connections = new TcpConnections(IPAddress.Loopback, ServeAsync);
    }

    public int Port => _connections.Port;

    /// <summary>Each message's DATA (headers and body) as received.</summary>
    public IReadOnlyCollection<string> Messages => _messages;

    public ValueTask DisposeAsync() => _connections.DisposeAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost test SMTP");
            while (await reader.ReadLineAsync(stopping) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        _messages.Enqueue(await ReadDataAsync(reader, stopping));
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 ok");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
        }
    }

    private static async Task<string> ReadDataAsync(StreamReader reader, CancellationToken stopping)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(stopping) is { } line && line != ".")
        {
            data.AppendLine(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line);
        }

        return data.ToString();
    }
}
