using Soldr.AppHost.Hosting;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

public sealed class DataFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void GeneratedSecrets_AreOwnerOnly_AndKeptBetweenRuns()
    {
        using var data = new DataFolder(_folder.Path);
        data.Open(runningAsRoot: false);

        var first = data.GetOrCreateSecret("admin-secret");
        var second = data.GetOrCreateSecret("admin-secret");

        Assert.Equal(first, second);
        Assert.True(first.Length >= 32);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.Combine("admin-secret")));
    }

    [Fact]
    public void ASecondAppHost_IsRefusedTheSameFolder()
    {
        using var first = new DataFolder(_folder.Path);
        first.Open(runningAsRoot: false);
        using var second = new DataFolder(_folder.Path);

        var error = Assert.Throws<StartupException>(() => second.Open(runningAsRoot: false));

        Assert.Contains("Another Soldr AppHost is already running", error.Message, StringComparison.Ordinal);
        Assert.Contains("--data-dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_EmptiesTheFolder()
    {
        using var data = new DataFolder(_folder.Path);
        data.Open(runningAsRoot: false);
        data.GetOrCreateSecret("postgres-password");
        Directory.CreateDirectory(data.PostgresDirectory);

        data.Reset();

        Assert.False(File.Exists(data.Combine("postgres-password")));
        Assert.False(Directory.Exists(data.PostgresDirectory));
        Assert.True(Directory.Exists(data.RunDirectory));
    }

    [Fact]
    public void AsRoot_TheFolderCanBeEnteredByThePostgresUser_ButNotRead()
    {
        using var data = new DataFolder(Path.Combine(_folder.Path, "root-owned"));
        data.Open(runningAsRoot: true);

        var mode = File.GetUnixFileMode(data.Path);

        Assert.True(mode.HasFlag(UnixFileMode.OtherExecute));
        Assert.False(mode.HasFlag(UnixFileMode.OtherRead));
    }

    [Fact]
    public void AFolderHoldingSomethingElse_IsRefused_SoResetCannotEmptyIt()
    {
        var home = Path.Combine(_folder.Path, "home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, "thesis.tex"), "precious");
        using var data = new DataFolder(home);

        var error = Assert.Throws<StartupException>(() => data.Open(runningAsRoot: false));

        Assert.Contains("is not a Soldr data folder", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(home, "thesis.tex")));
    }

    [Fact]
    public void TheDefaultFolder_IsUnderTheUsersDataDirectory_OrVarLibForRoot()
    {
        Assert.Equal("/var/lib/soldr", DataFolder.DefaultPath(runningAsRoot: true));
        Assert.EndsWith(Path.Combine("share", "soldr"), DataFolder.DefaultPath(runningAsRoot: false), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
