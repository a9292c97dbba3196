using Soldr.Ingest.Spool;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

public sealed class DirectorySyncTests : IDisposable
{
    private const int NoSuchFileOrDirectory = 2;
    private const int NotADirectory = 20;

    private readonly TempFolder _folder = new();

    [Fact]
    public void AnExistingFolder_IsFlushed_AndTheDescriptorOpenedForItIsClosedEachTime()
    {
        // Once per spool segment for as long as ingest runs: a descriptor left open each time would run
        // the process out of them.
        for (var i = 0; i < 200; i++)
        {
            DirectorySync.Flush(_folder.Path);
        }

        Assert.Empty(DescriptorsOpenOn(_folder.Path));
    }

    [Fact]
    public void ADescriptorLeftOpen_IsSeen()
    {
        // The check above can fail: a descriptor still open on a path shows up.
        var file = Path.Combine(_folder.Path, "held");
        File.WriteAllBytes(file, [1]);
        using var held = File.OpenRead(file);

        Assert.Single(DescriptorsOpenOn(file));
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

    // This process's open descriptors on the path.
    private static List<string> DescriptorsOpenOn(string path)
    {
        var open = new List<string>();
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && string.Equals(target, path, StringComparison.Ordinal))
                {
                    open.Add(descriptor);
                }
            }
            catch (IOException)
            {
                // Closed while being looked at.
            }
        }

        return open;
    }

    public void Dispose() => _folder.Dispose();
}
