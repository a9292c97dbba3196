using Soldr.AppHost.Orchestration;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

public sealed class ManagedProcessTests : IDisposable
{
    private readonly TestOutputWriter _output = new(null);

    [Fact]
    public async Task EveryLine_IsPrefixedWithTheResourceName()
    {
        var process = Start("svc", "echo one; echo two >&2");

        await process.Exited.WaitAsync(Eventually.DefaultTimeout);

        Assert.Contains("svc      | one", _output.Text, StringComparison.Ordinal);
        Assert.Contains("svc      | two", _output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_ReportsTheCodeAndTheLastLines()
    {
        var process = Start("svc", "for i in $(seq 1 30); do echo line$i; done; exit 3");

        var code = await process.Exited.WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(3, code);
        Assert.False(process.StopRequested);
        Assert.Equal(20, process.RecentLines.Count);
        Assert.Equal("line30", process.RecentLines[^1]);
        var description = Readiness.DescribeExit("svc", process, "unexpectedly");
        Assert.StartsWith("svc exited with code 3 unexpectedly", description, StringComparison.Ordinal);
        Assert.Contains("line30", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnhandledException_IsReportedByItsMessage_NotItsStackTrace()
    {
        var process = Start("svc", "echo 'Unhandled exception. System.InvalidOperationException: Soldr:Ingest:BaseDomain is bad.'; echo '   at Program.Main()'; exit 134");

        await process.Exited.WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(
            "svc exited with code 134 while starting: System.InvalidOperationException: Soldr:Ingest:BaseDomain is bad.",
            Readiness.DescribeExit("svc", process, "while starting"));
    }

    [Fact]
    public async Task Stop_LetsAProcessThatHandlesTheSignalFinishGracefully()
    {
        var process = Start("svc", "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
        await Eventually.UntilAsync(() => process.RecentLines.Contains("ready"), "the script to start");

        await process.StopAsync();

        Assert.Equal(0, await process.Exited);
        Assert.Contains("bye", process.RecentLines);
        Assert.True(process.StopRequested);
    }

    [Fact]
    public async Task Stop_KillsAProcessThatIgnoresTheSignal_AndWhatItStarted()
    {
        var process = Start("svc", "trap '' TERM; sleep 300 & echo child $!; wait", TimeSpan.FromMilliseconds(500));
        await Eventually.UntilAsync(() => process.RecentLines.Any(l => l.StartsWith("child ", StringComparison.Ordinal)), "the child to start");
        var child = int.Parse(process.RecentLines.First(l => l.StartsWith("child ", StringComparison.Ordinal))[6..], System.Globalization.CultureInfo.InvariantCulture);

        await process.StopAsync();

        Assert.True(process.Exited.IsCompleted);
        await Eventually.UntilAsync(() => !ProcessSignals.IsAlive(child), "the child to be killed with its group");
    }

    public void Dispose() => _output.Dispose();

    private ManagedProcess Start(string name, string script, TimeSpan? stopTimeout = null)
    {
        var console = new ResourceConsole(_output, _output, useColour: false);
        console.RegisterResources([name]);
        return ManagedProcess.Start(name, new ProcessSpec("/bin/sh", ["-c", script]) { StopTimeout = stopTimeout ?? TimeSpan.FromSeconds(10) }, console);
    }
}
