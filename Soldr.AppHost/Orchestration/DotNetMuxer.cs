namespace Soldr.AppHost.Orchestration;

/// <summary>The <c>dotnet</c> executable that runs the services' assemblies.</summary>
public static class DotNetMuxer
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        // Set by the SDK for everything it launches (dotnet run, dotnet test).
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.ProcessPath is { } self && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return Provisioning.CommandRunner.FindOnPath("dotnet") ?? "dotnet";
    }
}
