using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Soldr.ServiceDefaults.Redis;

public static class RedisClientExtensions
{
    /// <summary>
    /// Registers a <see cref="RedisClient"/> for <c>ConnectionStrings:{connectionName}</c> and a readiness
    /// check that PINGs it. The name mirrors Aspire's <c>AddRedisClient</c>. Redis only speeds Soldr up,
    /// so a failed PING makes the service Degraded (still ready, still 200), not Unhealthy.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = ConnectionStrings.Read(builder.Configuration, connectionName, RedisEndpoint.Parse);
        builder.Services.AddSingleton(new RedisClient(endpoint));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, HealthStatus.Degraded, [HealthTags.Ready]);
        return builder;
    }
}
