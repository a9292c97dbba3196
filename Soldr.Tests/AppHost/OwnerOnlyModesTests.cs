using Soldr.AppHost.Hosting;
using Soldr.AppHost.Hosting.LocalRedis;
using Soldr.Tests.Infrastructure;
using Soldr.ServiceDefaults.Files;

namespace Soldr.Tests.AppHost;

/// <summary>What the AppHost writes with secrets or data is owner-only, read back from the disk.</summary>
public sealed class OwnerOnlyModesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void ANewDataFolder_AndEverythingInIt_IsOwnerOnly_IncludingParentsItHadToMake()
    {
        using var data = new DataFolder(Path.Combine(_folder.Path, "parent", "data"));
        data.Open(runningAsRoot: false);
        data.GetOrCreateSecret("admin-secret");
        data.GetOrCreateSecret("postgres-password");

        Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(Path.Combine(_folder.Path, "parent")));
        Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(data.Path));
        Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(data.RunDirectory));
        foreach (var name in new[] { ".soldr-data", ".lock", "admin-secret", "postgres-password" })
        {
            Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(data.Combine(name)));
        }
    }

    [Fact]
    public void AsRoot_TheDataFolderLetsPostgresUserPassThrough_ButNobodyElseList_AndItsSecretsStayOwnerOnly()
    {
        using var data = new DataFolder(Path.Combine(_folder.Path, "root-owned"));
        data.Open(runningAsRoot: true);
        data.GetOrCreateSecret("admin-secret");

        Assert.Equal(OwnerOnly.FolderPermissions | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, File.GetUnixFileMode(data.Path));
        Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(data.RunDirectory));
        Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(data.Combine("admin-secret")));
    }

    [Fact]
    public void ASecretAnOlderReleaseLeftReadableByOthers_IsWrittenAgainOwnerOnly_KeepingItsValue()
    {
        using var data = new DataFolder(_folder.Path);
        data.Open(runningAsRoot: false);
        var file = data.Combine("admin-secret");
        File.WriteAllText(file, "kept-secret-value-of-more-than-32-characters\n");
        File.SetUnixFileMode(file, OwnerOnly.FilePermissions | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var secret = data.GetOrCreateSecret("admin-secret");

        Assert.Equal("kept-secret-value-of-more-than-32-characters", secret);
        Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(file));
    }

    [Fact]
    public void RedisFiles_AreOwnerOnly_TheFolderAndTheConfigWithItsPassword()
    {
        var directory = Path.Combine(_folder.Path, "data", "redis");

        var config = RedisServerConfig.Write(directory, Ports.GetFree(), "pw");

        Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(Path.Combine(_folder.Path, "data")));
        Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(directory));
        Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(config));
        Assert.Contains("requirepass \"pw\"", File.ReadAllText(config), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
