using Soldr.AppHost.Hosting.LocalPostgres;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

public sealed class PostgresBinariesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Find_PrefersABinFolderOnPath()
    {
        var onPath = MakeBin("path-bin");
        var versionedRoot = Path.Combine(_folder.Path, "lib");
        MakeBin(Path.Combine("lib", "16", "bin"));

        var found = PostgresBinaries.Find($"/nonexistent:{onPath}", versionedRoot);

        Assert.Equal(onPath, found?.Directory);
    }

    [Fact]
    public void Find_TakesTheNewestVersionUnderTheDebianLayout()
    {
        var versionedRoot = Path.Combine(_folder.Path, "lib");
        MakeBin(Path.Combine("lib", "9.6", "bin"));
        var newest = MakeBin(Path.Combine("lib", "15", "bin"));
        MakeBin(Path.Combine("lib", "13", "bin"));

        Assert.Equal(newest, PostgresBinaries.Find("/nonexistent", versionedRoot)?.Directory);
    }

    [Fact]
    public void Find_IgnoresAFolderWithoutTheServer()
    {
        var clientOnly = Path.Combine(_folder.Path, "client");
        Directory.CreateDirectory(clientOnly);
        File.WriteAllText(Path.Combine(clientOnly, "initdb"), string.Empty);

        Assert.Null(PostgresBinaries.Find(clientOnly, Path.Combine(_folder.Path, "missing")));
    }

    public void Dispose() => _folder.Dispose();

    private string MakeBin(string relative)
    {
        var directory = Path.Combine(_folder.Path, relative);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "initdb"), string.Empty);
        File.WriteAllText(Path.Combine(directory, "postgres"), string.Empty);
        return directory;
    }
}
