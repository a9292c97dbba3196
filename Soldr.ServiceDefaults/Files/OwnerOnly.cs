namespace Soldr.ServiceDefaults.Files;

/// <summary>
/// Files and folders that hold secrets or request data are owner-only: folders 0700, files 0600. The mode
/// is given when they are created (the umask can only take bits away), so there is no moment in which
/// another user could open one. Shared by the AppHost (its data folder, secrets and servers' files) and
/// ingest (its spool).
/// </summary>
public static class OwnerOnly
{
    /// <summary>0700.</summary>
    public const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0600.</summary>
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Bits that let anyone but the owner in.</summary>
    public const UnixFileMode OthersBits =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/>, and any missing parent, with <paramref name="mode"/> (0700 unless
    /// given). An existing folder is left as it is.
    /// </summary>
    public static void CreateFolder(string path, UnixFileMode mode = FolderPermissions)
    {
        // Directory.CreateDirectory gives the mode to the last folder only; missing parents would get the
        // umask's default, so each is made in turn, from the outermost down.
        var missing = new Stack<string>();
        for (var level = Path.GetFullPath(path); !Directory.Exists(level); level = Path.GetDirectoryName(level)!)
        {
            missing.Push(level);
        }

        while (missing.TryPop(out var level))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(level);
            }
            else
            {
                Directory.CreateDirectory(level, mode);
            }
        }
    }

    /// <summary>Writes a file holding a secret, replacing one an older run may have left with looser permissions.</summary>
    public static void WriteFile(string path, string contents)
    {
        File.Delete(path);
        using var stream = new FileStream(path, NewFile(FileMode.CreateNew, FileAccess.Write, FileShare.None));
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }

    /// <summary>Options for opening or creating a file that is owner-only from its creation.</summary>
    public static FileStreamOptions NewFile(FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FilePermissions;
        }

        return options;
    }
}
