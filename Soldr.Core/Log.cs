using Microsoft.Extensions.Logging;

namespace Soldr.Core;

/// <summary>Log messages of the shared store: 5000s.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Applied schema migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(5002, LogLevel.Information, "Database schema is at version {Version}")]
    public static partial void SchemaReady(ILogger logger, int version);

    [LoggerMessage(5003, LogLevel.Warning, "PostgreSQL is not reachable yet, retrying: {Reason}")]
    public static partial void DatabaseNotReady(ILogger logger, string reason);

    [LoggerMessage(5004, LogLevel.Information, "Webhook '{Name}' declared in configuration with {Destinations} destination(s)")]
    public static partial void WebhookDeclared(ILogger logger, string name, int destinations);

    [LoggerMessage(5005, LogLevel.Warning, "Could not wake the workers after queuing deliveries: {Reason}; they find them at their next poll")]
    public static partial void WakeUpFailed(ILogger logger, string reason);

    [LoggerMessage(5006, LogLevel.Warning, "Could not tell the workers about destination {DestinationId}'s flow change; they learn it from the database or their own sends: {Reason}")]
    public static partial void FlowNoticeFailed(ILogger logger, long destinationId, string reason);
}
