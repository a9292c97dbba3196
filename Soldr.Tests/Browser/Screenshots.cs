namespace Soldr.Tests.Browser;

/// <summary>docs/screenshots in the repository the tests were built from: the README shows these pictures.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Soldr.sln")))
            {
                return Directory.CreateDirectory(Path.Combine(folder.FullName, "docs", "screenshots")).FullName;
            }
        }

        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
    }
}
