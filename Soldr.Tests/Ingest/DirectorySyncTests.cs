using Soldr.Ingest.Spool;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

public sealed class DirectorySyncTests : IDisposable
{
    private const int NoSuchFileOrDirectory = 2;
    private const int NotADirectory = 20;

    private readonly TempFolder _folder = new();

    [Fact]
    public void AnExistingFolder_IsFlushed()
    {
        DirectorySync.Flush(_folder.Path);
    }

    [Fact]
    public void AMissingFolder_IsReported_WithItsPathAndTheErrno()
    {
        var missing = Path.Combine(_folder.Path, "missing");

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));

        Assert.Equal(NoSuchFileOrDirectory, error.HResult);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFile_IsRefused_BecauseOnlyAFolderIsOpenedForTheFlush()
    {
        var file = Path.Combine(_folder.Path, "segment.spool");
        File.WriteAllBytes(file, [1]);

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(file));

        Assert.Equal(NotADirectory, error.HResult);
    }

    [Fact]
    public void ASpoolFolderWhoseParentsDoNotExistYet_IsCreated_AndKeepsWhatIsAppended()
    {
        var path = Path.Combine(_folder.Path, "data", "spool", "ingest");
        var requests = new[] { SpoolTests.Request("a"), SpoolTests.Request("b") };

        using (var spool = SpoolTests.Spool(path))
        {
            spool.Open();
            Assert.True(spool.TryAppend(requests, out var error), error);
        }

        var segment = Assert.Single(Directory.GetFiles(path, "segment-*.spool"));
        Assert.Equal(requests.Select(r => r.Id), SpoolSegmentReader.Read(segment).Requests.Select(r => r.Id));
    }

    public void Dispose() => _folder.Dispose();
}
