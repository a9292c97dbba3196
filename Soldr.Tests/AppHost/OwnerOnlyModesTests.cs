using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning;
using Soldr.AppHost.Provisioning.Redis;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

/// <summary>What the AppHost writes with secrets or data is owner-only, read back from the disk.</summary>
public sealed class OwnerOnlyModesTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempFolder _folder = new();

    [Fact]
    public void ANewDataFolder_AndEverythingInIt_IsOwnerOnly_IncludingParentsItHadToMake()
    {
        using var data = new DataFolder(Path.Combine(_folder.Path, "parent", "data"));
        data.Open(runningAsRoot: false);
        data.GetOrCreateSecret("admin-secret");
        data.GetOrCreateSecret("postgres-password");

        Assert.Equal(Folder, System.IO.File.GetUnixFileMode(Path.Combine(_folder.Path, "parent")));
        Assert.Equal(Folder, System.IO.File.GetUnixFileMode(data.Path));
        Assert.Equal(Folder, System.IO.File.GetUnixFileMode(data.RunDirectory));
        foreach (var name in new[] { ".soldr-data", ".lock", "admin-secret", "postgres-password" })
        {
            Assert.Equal(File, System.IO.File.GetUnixFileMode(data.Combine(name)));
        }
    }

    [Fact]
    public void AsRoot_TheDataFolderLetsPostgresUserPassThrough_ButNobodyElseList_AndItsSecretsStayOwnerOnly()
    {
        using var data = new DataFolder(Path.Combine(_folder.Path, "root-owned"));
        data.Open(runningAsRoot: true);
        data.GetOrCreateSecret("admin-secret");

        Assert.Equal(Folder | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, System.IO.File.GetUnixFileMode(data.Path));
        Assert.Equal(Folder, System.IO.File.GetUnixFileMode(data.RunDirectory));
        Assert.Equal(File, System.IO.File.GetUnixFileMode(data.Combine("admin-secret")));
    }

    [Fact]
    public void ASecretAnOlderReleaseLeftReadableByOthers_IsWrittenAgainOwnerOnly_KeepingItsValue()
    {
        using var data = new DataFolder(_folder.Path);
        data.Open(runningAsRoot: false);
        var file = data.Combine("admin-secret");
        System.IO.File.WriteAllText(file, "kept-secret-value-of-more-than-32-characters\n");
        System.IO.File.SetUnixFileMode(file, File | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var secret = data.GetOrCreateSecret("admin-secret");

        Assert.Equal("kept-secret-value-of-more-than-32-characters", secret);
        Assert.Equal(File, System.IO.File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task RedisFiles_AreOwnerOnly_TheFolderAndTheConfigWithItsPassword()
    {
        // The suite's machines have redis-server (CI installs it).
        var server = CommandRunner.FindOnPath("redis-server");
        Assert.NotNull(server);
        var directory = Path.Combine(_folder.Path, "data", "redis");
        using var output = new StringWriter();

        var process = RedisServerLauncher.Start(server!, directory, Ports.GetFree(), "pw", "redis", new ResourceConsole(output, output, useColour: false));
        try
        {
            Assert.Equal(Folder, System.IO.File.GetUnixFileMode(Path.Combine(_folder.Path, "data")));
            Assert.Equal(Folder, System.IO.File.GetUnixFileMode(directory));
            Assert.Equal(File, System.IO.File.GetUnixFileMode(Path.Combine(directory, "redis.conf")));
        }
        finally
        {
            await process.StopAsync();
        }
    }

    public void Dispose() => _folder.Dispose();
}
