using System.Runtime.InteropServices;

namespace Soldr.AppHost.Orchestration;

/// <summary>
/// POSIX signals for child processes. .NET's Process.Kill only sends SIGKILL; a graceful stop needs
/// SIGTERM (services, Redis) or SIGINT (PostgreSQL's "fast" shutdown).
/// </summary>
internal static partial class ProcessSignals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Signals a process group (children are started as group leaders); false if it is gone.</summary>
    public static bool SendToGroup(int processGroupId, int signal) => Kill(-processGroupId, signal) == 0;

    public static bool Send(int processId, int signal) => Kill(processId, signal) == 0;

    /// <summary>
    /// Signals the group a child leads, and so whatever it started; a process that leads no group (one
    /// started without setsid) is signalled alone.
    /// </summary>
    public static void SendToGroupOrProcess(int processId, int signal)
    {
        if (!SendToGroup(processId, signal))
        {
            Send(processId, signal);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a process that is not our child to end; returns whether it did.</summary>
    public static async Task<bool> WaitForExitAsync(int processId, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (IsAlive(processId))
        {
            if (TimeProvider.System.GetElapsedTime(deadline) > timeout)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>
    /// Whether a process is running: it exists (signal 0 checks without sending anything) and is not a
    /// zombie waiting to be reaped, which in a container without an init may take forever.
    /// </summary>
    public static bool IsAlive(int processId)
    {
        var exists = Kill(processId, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM: exists, not ours */;
        return exists && !IsZombie(processId);
    }

    private static bool IsZombie(int processId) => ProcStat.Read(processId)?[ProcStat.State] == "Z";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
