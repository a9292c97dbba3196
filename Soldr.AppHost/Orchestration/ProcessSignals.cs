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
    /// Whether a process is running: it exists (signal 0 checks without sending anything) and is not a
    /// zombie waiting to be reaped, which in a container without an init may take forever.
    /// </summary>
    public static bool IsAlive(int processId)
    {
        var exists = Kill(processId, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM: exists, not ours */;
        return exists && !IsZombie(processId);
    }

    private static bool IsZombie(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId.ToString(System.Globalization.CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
