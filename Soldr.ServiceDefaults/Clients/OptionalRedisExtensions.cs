using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Soldr.ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace Soldr.ServiceDefaults.Clients;

public static class OptionalRedisExtensions
{
    // The name Aspire gives the check of its unkeyed client.
    private const string HealthCheckName = "StackExchange.Redis";

    /// <summary>
    /// Aspire's <c>AddRedisClient</c> for <c>ConnectionStrings:{connectionName}</c>, for a Redis that only
    /// speeds Soldr up: a service starts while it is down and reconnects when it is back, and its health
    /// check makes <c>/health</c> Degraded (still 200, still ready), not Unhealthy.
    /// </summary>
    public static IHostApplicationBuilder AddOptionalRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Checked now, so that a missing or malformed value stops start-up naming the key. The client's parser
        // passes over an address it cannot read, leaving none.
        ConnectionStrings.Read(builder.Configuration, connectionName, value =>
            ConfigurationOptions.Parse(value) is { EndPoints.Count: > 0 } options
                ? options
                : throw new FormatException("it names no server (expected host:port)"));

        var traced = TelemetryExport.From(builder.Configuration).Traces;
        builder.AddRedisClient(
            connectionName,
            settings => settings.DisableTracing = !traced,
            options =>
            {
                // Start without Redis and keep reconnecting in the background.
                options.AbortOnConnectFail = false;

                // While it is unreachable, a command fails at once instead of waiting for it (seconds): a
                // wake-up missed is made up for by polling, and /health answers without delay.
                options.BacklogPolicy = BacklogPolicy.FailFast;
            });

        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var check in options.Registrations.Where(check => check.Name == HealthCheckName))
            {
                check.FailureStatus = HealthStatus.Degraded;
            }
        });
        return builder;
    }
}
