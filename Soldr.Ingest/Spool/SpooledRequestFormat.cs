using System.Text;
using Soldr.Core.Requests;

namespace Soldr.Ingest.Spool;

/// <summary>
/// A request as a spool payload: a version byte, then every field in a fixed order, strings as
/// length-prefixed UTF-8 and the body as raw bytes. The version lets a later release read an older spool:
/// version 2 added the scheme at the end, version 3 what ingest's checks found (verification and event
/// key), version 4 the event type; older records read without them.
/// </summary>
internal static class SpooledRequestFormat
{
    public const byte Version = 4;
    private const byte SchemelessVersion = 1;
    private const byte UncheckedVersion = 2;
    private const byte UntypedVersion = 3;

    public static void Write(BinaryWriter writer, IncomingRequest request)
    {
        writer.Write(Version);
        Span<byte> id = stackalloc byte[16];
        request.Id.TryWriteBytes(id);
        writer.Write(id);
        writer.Write(request.WebhookName);
        writer.Write(request.ReceivedAt.UtcTicks);
        writer.Write(request.Method);
        writer.Write(request.Path);
        writer.Write(request.Query);
        writer.Write(request.Headers.Count);
        foreach (var (name, value) in request.Headers)
        {
            writer.Write(name);
            writer.Write(value);
        }

        writer.Write(request.Body.Length);
        writer.Write(request.Body.Span);
        WriteNullable(writer, request.SourceAddress);
        WriteNullable(writer, request.TraceParent);
        WriteNullable(writer, request.TraceState);
        WriteNullable(writer, request.Scheme);
        writer.Write(request.Verification is not null);
        if (request.Verification is { } verification)
        {
            writer.Write(verification.Method);
            writer.Write(verification.Verified);
            writer.Write(verification.Detail);
        }

        writer.Write(request.Deduplication is not null);
        if (request.Deduplication is { } key)
        {
            writer.Write(key.Key);
            writer.Write(key.Window.Ticks);
        }

        WriteNullable(writer, request.EventType);
    }

    /// <summary>Reads a payload whose checksum matched; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static IncomingRequest Read(byte[] payload)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
            var version = reader.ReadByte();
            if (version is not (Version or UntypedVersion or UncheckedVersion or SchemelessVersion))
            {
                throw new InvalidDataException($"Unknown spool record version {version}.");
            }

            var id = new Guid(reader.ReadBytes(16));
            var webhook = reader.ReadString();
            var receivedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var method = reader.ReadString();
            var path = reader.ReadString();
            var query = reader.ReadString();
            var headerCount = reader.ReadInt32();
            var headers = new List<KeyValuePair<string, string>>(Math.Clamp(headerCount, 0, 1024));
            for (var i = 0; i < headerCount; i++)
            {
                headers.Add(new(reader.ReadString(), reader.ReadString()));
            }

            var body = reader.ReadBytes(reader.ReadInt32());
            var source = ReadNullable(reader);
            var traceParent = ReadNullable(reader);
            var traceState = ReadNullable(reader);
            var scheme = version == SchemelessVersion ? null : ReadNullable(reader);
            var checkedVersion = version >= UntypedVersion;
            var verification = checkedVersion && reader.ReadBoolean()
                ? new VerificationOutcome(reader.ReadString(), reader.ReadBoolean(), reader.ReadString())
                : null;
            var key = checkedVersion && reader.ReadBoolean()
                ? new DeduplicationKey(reader.ReadString(), TimeSpan.FromTicks(reader.ReadInt64()))
                : null;
            var eventType = version == Version ? ReadNullable(reader) : null;
            return new IncomingRequest(id, webhook, receivedAt, method, path, query, headers, body,
                source, traceParent, traceState, scheme, verification, key, eventType);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException)
        {
            throw new InvalidDataException("A spool record could not be read.", ex);
        }
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
