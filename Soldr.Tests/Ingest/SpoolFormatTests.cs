using Soldr.Core.Requests;
using Soldr.Ingest.Spool;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

public sealed class SpoolFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void ARequestReadBackFromTheSpool_IsTheRequestThatWasWritten()
    {
        var written = SpoolTests.Request("orders", "{\"ü\":1}") with
        {
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            TraceState = "k=v",
            Scheme = "https",
            Verification = new VerificationOutcome("stripe", false, "signature does not match"),
            Deduplication = new DeduplicationKey("evt_1", TimeSpan.FromHours(24)),
            EventType = "charge.succeeded",
        };
        using (var spool = SpoolTests.Spool(_folder.Path))
        {
            spool.Open();
            Assert.True(spool.TryAppend([written], out _));
        }

        var read = Assert.Single(SpoolSegmentReader.Read(Directory.GetFiles(_folder.Path, "segment-*.spool").Single()).Requests);

        Assert.Equal(written.Id, read.Id);
        Assert.Equal(written.ReceivedAt, read.ReceivedAt);
        Assert.Equal(written.Headers, read.Headers);
        Assert.Equal(written.Body.ToArray(), read.Body.ToArray());
        Assert.Equal((written.WebhookName, written.Method, written.Path, written.Query, written.SourceAddress, written.TraceParent, written.TraceState),
            (read.WebhookName, read.Method, read.Path, read.Query, read.SourceAddress, read.TraceParent, read.TraceState));
        Assert.Equal("https", read.Scheme);

        // A flagged request stays unverified, and a repeat stays a repeat, however long it waited in the spool.
        Assert.Equal(written.Verification, read.Verification);
        Assert.Equal(written.Deduplication, read.Deduplication);
        Assert.Equal("charge.succeeded", read.EventType);
    }

    [Fact]
    public void AVersion1Record_WrittenBeforeTheSchemeWasRecorded_IsStillRead_WithNoScheme()
    {
        var id = Guid.CreateVersion7();
        var receivedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var segment = Path.Combine(_folder.Path, "segment-0000000000000000001.spool");
        File.WriteAllBytes(segment, Record(Version1Payload(id, receivedAt)));

        var read = Assert.Single(SpoolSegmentReader.Read(segment).Requests);

        Assert.Equal(id, read.Id);
        Assert.Equal(receivedAt, read.ReceivedAt);
        Assert.Equal(("shop", "POST", "/orders", "x=1", "192.0.2.1", "00-trace", (string?)null),
            (read.WebhookName, read.Method, read.Path, read.Query, read.SourceAddress, read.TraceParent, read.TraceState));
        Assert.Equal([new KeyValuePair<string, string>("Content-Type", "application/json")], read.Headers);
        Assert.Equal("{}"u8.ToArray(), read.Body.ToArray());
        Assert.Null(read.Scheme);
    }

    [Fact]
    public void ARecordOfAnUnknownVersion_IsNotRead()
    {
        var payload = Version1Payload(Guid.CreateVersion7(), DateTimeOffset.UtcNow);
        payload[0] = 9;
        var segment = Path.Combine(_folder.Path, "segment-0000000000000000001.spool");
        File.WriteAllBytes(segment, Record(payload));

        var read = SpoolSegmentReader.Read(segment);

        Assert.Empty(read.Requests);
        Assert.Equal(0, read.BadTailAt);
    }

    // The version 1 layout, as releases before the scheme wrote it; it must stay readable.
    private static byte[] Version1Payload(Guid id, DateTimeOffset receivedAt)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)1);
            writer.Write(id.ToByteArray());
            writer.Write("shop");
            writer.Write(receivedAt.UtcTicks);
            writer.Write("POST");
            writer.Write("/orders");
            writer.Write("x=1");
            writer.Write(1);
            writer.Write("Content-Type");
            writer.Write("application/json");
            writer.Write(2);
            writer.Write("{}"u8);
            writer.Write(true);
            writer.Write("192.0.2.1");
            writer.Write(true);
            writer.Write("00-trace");
            writer.Write(false);
        }

        return buffer.ToArray();
    }

    private static byte[] Record(byte[] payload)
    {
        var record = new byte[SpoolRecord.HeaderBytes + payload.Length];
        SpoolRecord.WriteHeader(record, payload);
        payload.CopyTo(record, SpoolRecord.HeaderBytes);
        return record;
    }

    [Fact]
    public void ADamagedByteInTheLastRecord_FailsItsChecksum_AndOnlyTheRecordsBeforeItAreRead()
    {
        var requests = new[] { SpoolTests.Request("a"), SpoolTests.Request("b"), SpoolTests.Request("c") };
        using (var spool = SpoolTests.Spool(_folder.Path))
        {
            spool.Open();
            Assert.True(spool.TryAppend(requests, out _));
        }

        var segment = Directory.GetFiles(_folder.Path, "segment-*.spool").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[^3] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        var read = SpoolSegmentReader.Read(segment);

        Assert.Equal(requests[..2].Select(r => r.Id), read.Requests.Select(r => r.Id));
        Assert.NotNull(read.BadTailAt);
    }

    [Fact]
    public void ARecordsChecksum_IsTheStandardCrc32OfItsPayload()
    {
        var header = new byte[SpoolRecord.HeaderBytes];
        SpoolRecord.WriteHeader(header, "123456789"u8);

        // The IEEE CRC-32 check value: spool files written by earlier versions keep reading.
        Assert.Equal(0xCBF43926u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)));
        Assert.True(SpoolRecord.ChecksumMatches(header, "123456789"u8));
        Assert.False(SpoolRecord.ChecksumMatches(header, "123456780"u8));
    }

    [Fact]
    public void ASecondSpoolOnTheSameFolder_IsRefused_NamingTheSetting()
    {
        using var first = SpoolTests.Spool(_folder.Path);
        first.Open();
        using var second = SpoolTests.Spool(_folder.Path);

        var error = Assert.Throws<InvalidOperationException>(second.Open);

        Assert.Contains("Soldr:Ingest:SpoolPath", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
