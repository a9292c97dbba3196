namespace Soldr.AppHost.Hosting;

/// <summary>A service project the AppHost runs; implemented by the generated <c>Projects.*</c> classes.</summary>
public interface IProjectMetadata
{
    /// <summary>The service's built assembly, started with <c>dotnet</c>.</summary>
    string AssemblyPath { get; }
}
