using Microsoft.Extensions.Logging;

namespace Soldr.AppHost;

/// <summary>What the AppHost logs to a resource's log (shown in the dashboard and echoed on the console).</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Creating a PostgreSQL cluster in {DataDirectory} (first run)")]
    public static partial void CreatingCluster(this ILogger logger, string dataDirectory);

    [LoggerMessage(5001, LogLevel.Warning, "A PostgreSQL server from an earlier run is still using {DataDirectory} (pid {Pid}); stopping it")]
    public static partial void StoppingStaleServer(this ILogger logger, string dataDirectory, int pid);

    [LoggerMessage(5002, LogLevel.Information, "Created database '{Database}', owned by a role of the same name")]
    public static partial void CreatedDatabase(this ILogger logger, string database);

    [LoggerMessage(5003, LogLevel.Warning, "Could not stop {Resource} before the rest of the stack: {Reason}")]
    public static partial void CouldNotStopInOrder(this ILogger logger, string resource, string reason);
}
