using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Soldr.Tests.Ingest;

/// <summary>
/// HTTP/1.1 over a plain socket, for what HttpClient will not do: a client that sends its whole body
/// without waiting for an answer, the way a sender without <c>Expect: 100-continue</c> does.
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>
    /// Sends <paramref name="head"/> and then whatever <paramref name="writeBody"/> writes, while reading
    /// the answer: a server may answer before the body is all sent, and then stop reading it.
    /// </summary>
    public static async Task<Answer> SendAsync(Uri server, string head, Func<Stream, Task> writeBody)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(writeBody);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var sending = Task.Run(async () =>
        {
            try
            {
                await writeBody(stream);
            }
            catch (IOException)
            {
                // The server stopped reading after it answered: what counts is the answer.
            }
        });

        var answer = await ReadAnswerAsync(stream).WaitAsync(TimeSpan.FromSeconds(30));
        client.Client.Shutdown(SocketShutdown.Both);
        await sending.WaitAsync(TimeSpan.FromSeconds(30));
        return answer;
    }

    /// <summary>Writes <paramref name="bytes"/> as HTTP/1.1 chunks of <paramref name="chunkBytes"/>, then the last chunk.</summary>
    public static async Task WriteChunkedAsync(Stream stream, byte[] bytes, int chunkBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(bytes);
        for (var at = 0; at < bytes.Length; at += chunkBytes)
        {
            var size = Math.Min(chunkBytes, bytes.Length - at);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            await stream.WriteAsync(bytes.AsMemory(at, size));
            await stream.WriteAsync("\r\n"u8.ToArray());
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
    }

    private static async Task<Answer> ReadAnswerAsync(Stream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException($"The connection closed before an answer was read; received: '{Encoding.ASCII.GetString([.. received])}'");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var lines = Encoding.ASCII.GetString([.. received], 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, CultureInfo.InvariantCulture) : 0;
        var body = received.Skip(headEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            body.AddRange(buffer.AsSpan(0, read));
        }

        return new Answer(status, headers, Encoding.UTF8.GetString([.. body]));
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
