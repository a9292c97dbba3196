namespace Soldr.AppHost.Provisioning;

/// <summary>
/// Creates folders that hold secrets or data (a server's files, a spool) owner-only: the mode is given to
/// mkdir itself, so the folder is never open to others, not even for a moment. An existing folder is left
/// as it is.
/// </summary>
public static class OwnerOnlyFolder
{
    /// <summary>0700.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/>, and any missing parent, with <paramref name="mode"/> (0700 unless given).</summary>
    public static void Create(string path, UnixFileMode mode = Mode)
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
            Directory.CreateDirectory(level, mode);
        }
    }
}
