namespace Soldr.AppHost.Provisioning;

/// <summary>Writes files that hold secrets; they are created owner-only, never readable even for a moment.</summary>
public static class OwnerOnlyFile
{
    /// <summary>0600.</summary>
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Bits that let anyone but the owner in.</summary>
    public const UnixFileMode OthersBits =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void Write(string path, string contents)
    {
        // A file left by an older run may have looser permissions; replace it rather than reuse its mode.
        File.Delete(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerReadWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }

    /// <summary>Options for opening or creating a file that is owner-only from its creation.</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share) =>
        new() { Mode = mode, Access = access, Share = share, UnixCreateMode = OwnerReadWrite };
}
