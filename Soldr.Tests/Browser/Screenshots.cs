namespace Soldr.Tests.Browser;

/// <summary>
/// Where the browser tests save their pictures: <c>TestResults/screenshots</c> in the repository (ignored by
/// git), so running the tests changes no tracked file. <c>SOLDR_SCREENSHOTS</c> names another folder:
/// <c>docs/refresh-screenshots.sh</c> points it at docs/screenshots to refresh the README's pictures.
/// </summary>
public static class Screenshots
{
    public const string FolderVariable = "SOLDR_SCREENSHOTS";

    public static string Folder { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } chosen)
        {
            return Directory.CreateDirectory(chosen).FullName;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Soldr.sln")))
            {
                return Directory.CreateDirectory(Path.Combine(folder.FullName, "TestResults", "screenshots")).FullName;
            }
        }

        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
    }
}
