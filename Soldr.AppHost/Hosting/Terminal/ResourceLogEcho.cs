using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Soldr.AppHost.Hosting.Terminal;

/// <summary>
/// Prints every line a resource logs on the AppHost's console, prefixed with its name, as well as in
/// the dashboard: a user who runs the stack in a terminal sees why a service stopped, right there.
/// </summary>
public sealed class ResourceLogEcho(
    DistributedApplicationModel model, ResourceNotificationService notifications, ResourceLoggerService logs, ResourceLogEcho.Target target)
    : BackgroundService
{
    /// <summary>Where the lines go: the console, or (in tests) a test's output.</summary>
    public sealed record Target(TextWriter Output, TextWriter Errors)
    {
        public static Target Console { get; } = new(System.Console.Out, System.Console.Error);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watched = model.Resources
            .Where(r => r is ProjectResource or ExecutableResource or ContainerResource && r.Name != "aspire-dashboard")
            .ToHashSet();
        var width = watched.Count == 0 ? 0 : watched.Max(r => r.Name.Length);
        var echoes = new List<Task>();
        var started = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            // Logs are kept under the orchestrator's own id for each resource, known once it first reports.
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (watched.Contains(update.Resource) && started.Add(update.ResourceId))
                {
                    echoes.Add(EchoAsync(update.ResourceId, update.Resource.Name.PadRight(width), stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(echoes);
    }

    private async Task EchoAsync(string resourceId, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(cancellationToken))
            {
                foreach (var line in batch)
                {
                    var content = LogLines.Plain(line.Content);
                    if (!IsOrchestratorNote(content))
                    {
                        (line.IsErrorMessage ? target.Errors : target.Output).WriteLine($"{prefix} | {content}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Aspire's own notes about waiting, starting and commands: the dashboard shows them as states.
    private static bool IsOrchestratorNote(string content) =>
        content.StartsWith("[sys] ", StringComparison.Ordinal)
        || content.StartsWith("Waiting for resource", StringComparison.Ordinal)
        || content.StartsWith("Finished waiting for resource", StringComparison.Ordinal)
        || content.StartsWith("No custom certificate authorities", StringComparison.Ordinal)
        || content.StartsWith("Executing command '", StringComparison.Ordinal)
        || content.StartsWith("Successfully executed command '", StringComparison.Ordinal);
}
