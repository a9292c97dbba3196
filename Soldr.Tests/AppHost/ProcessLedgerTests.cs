using System.Diagnostics;
using Soldr.AppHost.Orchestration;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

public sealed class ProcessLedgerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ProcessesLeftByACrashedRun_AreStoppedAtTheNextStart()
    {
        using var orphan = Process.Start(new ProcessStartInfo("/usr/bin/setsid", ["sleep", "300"]))!;
        var ledgerFile = Path.Combine(_folder.Path, "processes");
        new ProcessLedger(ledgerFile).Add("redis", orphan.Id, ProcessSignals.SigTerm);

        var stopped = await new ProcessLedger(ledgerFile).StopLeftoversAsync();

        Assert.Equal([$"redis (pid {orphan.Id})"], stopped);
        Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(ledgerFile));
    }

    [Fact]
    public async Task ARecycledPid_IsLeftAlone()
    {
        using var unrelated = Process.Start(new ProcessStartInfo("sleep", ["300"]))!;
        var ledgerFile = Path.Combine(_folder.Path, "processes");
        File.WriteAllLines(ledgerFile, [$"{unrelated.Id} 1 15 redis"]);

        var stopped = await new ProcessLedger(ledgerFile).StopLeftoversAsync();

        Assert.Empty(stopped);
        Assert.False(unrelated.HasExited);
        unrelated.Kill();
    }

    public void Dispose() => _folder.Dispose();
}
