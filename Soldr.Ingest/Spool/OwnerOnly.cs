namespace Soldr.Ingest.Spool;

/// <summary>
/// The modes of what ingest writes to disk: requests are private, so only the owner may read or list them.
/// They are given when a file or folder is created (the process umask can only take bits away), so there
/// is no moment in which another user could open one.
/// </summary>
internal static class OwnerOnly
{
    /// <summary>0700.</summary>
    public const UnixFileMode Folders = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0600.</summary>
    public const UnixFileMode Files = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Bits that let anyone but the owner in.</summary>
    public const UnixFileMode OthersBits =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Options for a new file that is owner-only from its creation.</summary>
    public static FileStreamOptions NewFile(FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Files;
        }

        return options;
    }
}
