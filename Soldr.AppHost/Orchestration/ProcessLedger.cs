using System.Globalization;

namespace Soldr.AppHost.Orchestration;

/// <summary>
/// Remembers the processes of the current run in the data folder. If the AppHost is killed outright
/// (SIGKILL, a crash), its children keep running; the next start finds them here and stops them, so
/// an earlier run never leaves servers holding the data folder or the ports.
/// A process is only touched if its kernel start time still matches, so a recycled pid is left alone.
/// </summary>
public sealed class ProcessLedger(string path)
{
    private readonly Lock _gate = new();

    /// <param name="stopSignal">The signal that stops this process gracefully (SIGINT for PostgreSQL).</param>
    public void Add(string resource, int processId, int stopSignal)
    {
        var startTime = ReadStartTime(processId);
        if (startTime is null)
        {
            return;
        }

        lock (_gate)
        {
            File.AppendAllLines(path, [$"{processId} {startTime} {stopSignal} {resource}"]);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Stops every recorded process that is still the same process, newest first (services before the
    /// servers they use, as a normal stop would), each with its own stop signal; returns what was stopped.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopLeftoversAsync()
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var stopped = new List<string>();
        foreach (var line in (await File.ReadAllLinesAsync(path)).Reverse())
        {
            var parts = line.Split(' ', 4);
            if (parts.Length != 4
                || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
                || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var stopSignal)
                || ReadStartTime(pid) != parts[1])
            {
                continue;
            }

            ProcessSignals.SendToGroupOrProcess(pid, stopSignal);
            var exited = await ProcessSignals.WaitForExitAsync(pid, TimeSpan.FromSeconds(30));

            // Whatever is left in its group goes too; the pid itself only while it is still the same process.
            ProcessSignals.SendToGroup(pid, ProcessSignals.SigKill);
            if (!exited)
            {
                ProcessSignals.Send(pid, ProcessSignals.SigKill);
            }

            stopped.Add($"{parts[3]} (pid {pid})");
        }

        Clear();
        return stopped;
    }

    private static string? ReadStartTime(int processId) =>
        ProcStat.Read(processId) is { Length: > ProcStat.StartTime } fields ? fields[ProcStat.StartTime] : null;
}
