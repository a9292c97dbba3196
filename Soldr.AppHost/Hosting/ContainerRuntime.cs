namespace Soldr.AppHost.Hosting;

/// <summary>
/// Whether the container runtime Aspire would use answers (the client alone is not enough). Aspire does
/// not fail without one: its containers wait in "runtime unhealthy" and all that waits for them hangs.
/// </summary>
public static class ContainerRuntime
{
    /// <summary>Aspire's choice: <c>ASPIRE_CONTAINER_RUNTIME</c> or <c>DcpPublisher:ContainerRuntime</c>, else docker.</summary>
    public static string Name(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration["ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } chosen ? chosen
        : configuration["DcpPublisher:ContainerRuntime"] is { Length: > 0 } configured ? configured
        : "docker";

    /// <summary>Null when <paramref name="runtime"/> answers; else why not, in a few words.</summary>
    public static async Task<string?> ProblemAsync(string runtime, CancellationToken cancellationToken)
    {
        if (CommandRunner.FindOnPath(runtime) is null)
        {
            return $"'{runtime}' is not installed";
        }

        try
        {
            var result = await CommandRunner.RunAsync(runtime, ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(15), cancellationToken);
            return result.Succeeded ? null : $"'{runtime} info' failed: {result.LastLine}";
        }
        catch (StartupException ex)
        {
            return ex.Message;
        }
    }
}
