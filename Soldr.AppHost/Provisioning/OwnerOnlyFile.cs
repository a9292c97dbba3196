namespace Soldr.AppHost.Provisioning;

/// <summary>Writes files that hold secrets; they are created owner-only, never readable even for a moment.</summary>
public static class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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
}
