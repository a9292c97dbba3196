namespace Soldr.AppHost.Provisioning;

/// <summary>Whether a Docker engine answers here (the client alone is not enough).</summary>
public static class DockerEngine
{
    public static async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        if (CommandRunner.FindOnPath("docker") is null)
        {
            return false;
        }

        try
        {
            var result = await CommandRunner.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(10), cancellationToken);
            return result.Succeeded;
        }
        catch (Orchestration.OrchestrationException)
        {
            return false;
        }
    }
}
