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

    /// <summary>Whether a process exists (signal 0 checks without sending anything).</summary>
    public static bool IsAlive(int processId) => Kill(processId, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM: exists, not ours */;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
