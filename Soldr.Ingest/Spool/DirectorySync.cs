using System.Runtime.InteropServices;
using Soldr.ServiceDefaults.Files;

namespace Soldr.Ingest.Spool;

/// <summary>
/// Makes names in a folder durable. fsync of a file covers its bytes and size, not the folder entry that
/// names it: on Linux a power cut can take a newly created file, with everything fsync'd into it, unless
/// the folder holding its name is fsync'd too. The same holds for a newly made folder in its parent.
/// .NET cannot open a folder as a stream on Unix, hence libc.
/// </summary>
internal static class DirectorySync
{
    // O_RDONLY | O_DIRECTORY | O_CLOEXEC. O_RDONLY is 0 everywhere; the other two bits differ between
    // kernels, and on Linux arm, arm64 and powerpc define O_DIRECTORY apart from the generic value.
    private static readonly int ReadOnlyDirectoryFlags =
        OperatingSystem.IsMacOS() ? 0x100000 | 0x1000000
        : OperatingSystem.IsLinux() ? (IsArmOrPowerPc() ? 0x4000 : 0x10000) | 0x80000
        : 0; // Another Unix: the folder still opens; only the non-folder guard and close-on-exec are lost.

    /// <summary>
    /// Creates <paramref name="directory"/> (and missing parents) owner-only (0700, set as each is made,
    /// never loosened for a moment) and makes every new name durable. The folder holding
    /// <paramref name="directory"/> is flushed even when nothing was missing: an earlier process may have
    /// made it and stopped before its name reached the disk.
    /// </summary>
    public static void Create(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var holders = new List<string>();
        var level = full;
        while (Path.GetDirectoryName(level) is { } parent)
        {
            holders.Add(parent);
            if (Directory.Exists(parent))
            {
                break;
            }

            level = parent;
        }

        OwnerOnly.CreateFolder(full);
        foreach (var holder in holders)
        {
            Flush(holder);
        }
    }

    /// <summary>fsyncs the folder itself, so the names created in or removed from it so far survive a power cut.</summary>
    public static void Flush(string directory)
    {
        // Windows offers no fsync of a folder and needs none: NTFS journals a new name with the file it
        // names, so a file whose data was flushed is found again after a crash.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnlyDirectoryFlags);
        if (descriptor < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw Failure("fsync", directory);
            }
        }
        finally
        {
            // Closing a read-only descriptor loses nothing; the fsync's answer is the one that counts.
            _ = Close(descriptor);
        }
    }

    private static bool IsArmOrPowerPc() =>
        RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Armv6 or Architecture.Arm64 or Architecture.Ppc64le;

    private static IOException Failure(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"Could not make the folder '{directory}' durable: {call} failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).", errno);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
