using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Soldr.Ingest.Ingestion;
using Soldr.Ingest.Spool;
using Soldr.ServiceDefaults.Files;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

/// <summary>The spool holds requests: its folders and files are owner-only, read back from the disk.</summary>
public sealed class SpoolFileModeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void TheSpoolFolder_EveryParentItMakes_AndEveryFileInIt_AreOwnerOnly()
    {
        var path = Path.Combine(_folder.Path, "data", "spool", "ingest");
        using (var spool = SpoolTests.Spool(path))
        {
            spool.Open();
            Assert.True(spool.TryAppend([SpoolTests.Request("a")], out _));
            spool.Rotate();
            Assert.True(spool.TryAppend([SpoolTests.Request("b")], out _));
        }

        foreach (var folder in new[] { Path.Combine(_folder.Path, "data"), Path.Combine(_folder.Path, "data", "spool"), path })
        {
            Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(folder));
        }

        var files = Directory.GetFiles(path);
        Assert.Equal(3, files.Length);
        Assert.All(files, file => Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(file)));
    }

    [Fact]
    public void AnExistingSpoolFolderOthersMayRead_IsLeftAsItIs_ButNamedInAWarning()
    {
        var path = Path.Combine(_folder.Path, "shared");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, OwnerOnly.FolderPermissions | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var logger = new FakeLogger<RequestSpool>();

        using (var spool = new RequestSpool(Options.Create(new IngestOptions { SpoolPath = path }), logger))
        {
            spool.Open();
        }

        Assert.Equal(OwnerOnly.FolderPermissions | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(path));
        var warning = Assert.Single(logger.Collector.GetSnapshot(), l => l.Level == LogLevel.Warning);
        Assert.Contains(path, warning.Message, StringComparison.Ordinal);
        Assert.Contains("755", warning.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
