using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Soldr.ServiceDefaults.Redis;

public static class RedisClientExtensions
{
    /// <summary>
    /// Registers a <see cref="RedisClient"/> for <c>ConnectionStrings:{connectionName}</c> and a readiness
    /// check that PINGs it. The name mirrors Aspire's <c>AddRedisClient</c>.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = ConnectionStrings.Read(builder.Configuration, connectionName, RedisEndpoint.Parse);
        builder.Services.AddSingleton(new RedisClient(endpoint));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, tags: [HealthTags.Ready]);
        return builder;
    }
}
