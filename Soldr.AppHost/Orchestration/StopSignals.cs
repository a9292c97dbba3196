using System.Runtime.InteropServices;

namespace Soldr.AppHost.Orchestration;

/// <summary>
/// First Ctrl+C, SIGTERM, SIGHUP (the terminal closed) or SIGQUIT: stop gracefully. A second one: kill
/// everything now. The children run in sessions of their own, so without this a closed terminal would
/// leave them running.
/// </summary>
/// <remarks>
/// One keypress can arrive twice: the terminal signals the whole foreground group, and a parent such as
/// <c>dotnet run</c> or <c>timeout</c> may forward the same signal. Repeats within a second count once.
/// </remarks>
internal sealed class StopSignals : IDisposable
{
    private static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(1);
    private readonly PosixSignalRegistration[] _registrations;
    private readonly CancellationTokenSource _shutdown;
    private readonly Action _killAll;
    private readonly ResourceConsole _console;
    private long _firstSignal;

    private StopSignals(CancellationTokenSource shutdown, Action killAll, ResourceConsole console)
    {
        _shutdown = shutdown;
        _killAll = killAll;
        _console = console;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
        ];
    }

    public static StopSignals Listen(CancellationTokenSource shutdown, Action killAll, ResourceConsole console) =>
        new(shutdown, killAll, console);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext signal)
    {
        signal.Cancel = true;
        if (!_shutdown.IsCancellationRequested)
        {
            _firstSignal = TimeProvider.System.GetTimestamp();
            _console.Info(string.Empty);
            _console.Info("Shutting down (press Ctrl+C again to kill everything at once)...");
            _shutdown.Cancel();
            return;
        }

        if (TimeProvider.System.GetElapsedTime(_firstSignal) < RepeatWindow)
        {
            return;
        }

        _console.Warning("Killing every resource now.");
        _killAll();
    }
}
