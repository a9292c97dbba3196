using Soldr.Ingest.Spool;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

public sealed class SpoolFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void ARequestReadBackFromTheSpool_IsTheRequestThatWasWritten()
    {
        var written = SpoolTests.Request("orders", "{\"ü\":1}") with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", TraceState = "k=v" };
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
    public void TheCrc32_IsTheStandardOne()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
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
