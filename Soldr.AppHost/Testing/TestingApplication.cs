namespace Soldr.AppHost.Testing;

/// <summary>A stack started by a test; dispose it to stop every process.</summary>
public sealed class TestingApplication(RunningApplication running, CancellationTokenSource stop, Task<int> run) : IAsyncDisposable
{
    public RunningApplication Running { get; } = running;

    /// <summary>The AppHost's exit code once disposed.</summary>
    public int? ExitCode { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        ExitCode = await run.WaitAsync(TimeSpan.FromMinutes(2));
        stop.Dispose();
    }
}
