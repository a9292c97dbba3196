using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Soldr.ServiceDefaults.Redis;

/// <summary>Writes commands and reads replies in RESP2 over a buffered stream.</summary>
internal static class RespProtocol
{
    // Redis's own limits: a bulk string is at most 512 MB. Arrays here are replies to small commands.
    private const long MaxBulkLength = 512 * 1024 * 1024;
    private const long MaxArrayLength = 1024 * 1024;

    public static async ValueTask WriteCommandAsync(Stream stream, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        WriteHeader(buffer, (byte)'*', args.Count);
        foreach (var arg in args)
        {
            var length = Encoding.UTF8.GetByteCount(arg);
            WriteHeader(buffer, (byte)'$', length);
            Encoding.UTF8.GetBytes(arg, buffer.GetSpan(length));
            buffer.Advance(length);
            WriteCrLf(buffer);
        }

        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public static async ValueTask<RespValue> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, cancellationToken);
        if (line.Length == 0)
        {
            throw new InvalidDataException("empty reply line from Redis");
        }

        var payload = line[1..];
        switch (line[0])
        {
            case '+':
                return new RespValue(RespKind.SimpleString, payload, 0, null, null);
            case '-':
                return new RespValue(RespKind.Error, payload, 0, null, null);
            case ':':
                return new RespValue(RespKind.Number, null, ParseInteger(payload), null, null);
            case '$':
                {
                    var length = ParseLength(payload, MaxBulkLength);
                    if (length < 0)
                    {
                        return RespValue.Null;
                    }

                    var bytes = new byte[length + 2];
                    await stream.ReadExactlyAsync(bytes, cancellationToken);
                    return new RespValue(RespKind.BulkString, null, 0, bytes[..^2], null);
                }

            case '*':
                {
                    var count = ParseLength(payload, MaxArrayLength);
                    if (count < 0)
                    {
                        return RespValue.Null;
                    }

                    var items = new RespValue[count];
                    for (var i = 0; i < count; i++)
                    {
                        items[i] = await ReadAsync(stream, cancellationToken);
                    }

                    return new RespValue(RespKind.Array, null, 0, null, items);
                }

            default:
                throw new InvalidDataException($"unexpected reply type '{line[0]}' from Redis");
        }
    }

    private static async ValueTask<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            if (one[0] == '\r')
            {
                await stream.ReadExactlyAsync(one, cancellationToken);
                if (one[0] != '\n')
                {
                    throw new InvalidDataException("malformed reply line from Redis");
                }

                return builder.ToString();
            }

            builder.Append((char)one[0]);
        }
    }

    private static long ParseInteger(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"malformed integer '{text}' from Redis");

    /// <summary>A length prefix: -1 means null; anything above <paramref name="max"/> is refused before allocating.</summary>
    private static long ParseLength(string text, long max)
    {
        var value = ParseInteger(text);
        return value < -1 || value > max ? throw new InvalidDataException($"length {text} from Redis is out of range") : value;
    }

    private static void WriteHeader(ArrayBufferWriter<byte> buffer, byte prefix, int value)
    {
        var span = buffer.GetSpan(16);
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        buffer.Advance(1 + written);
        WriteCrLf(buffer);
    }

    private static void WriteCrLf(ArrayBufferWriter<byte> buffer)
    {
        var span = buffer.GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        buffer.Advance(2);
    }
}
