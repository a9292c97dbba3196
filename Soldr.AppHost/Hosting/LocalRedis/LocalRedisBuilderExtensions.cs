using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Soldr.AppHost.Hosting.LocalRedis;

/// <summary>Declares a Redis-compatible server run from the machine as an Aspire resource.</summary>
public static class LocalRedisBuilderExtensions
{
    /// <summary>
    /// <paramref name="redisServer"/> when given, else Garnet from the repository's tool manifest; its
    /// files and generated password in <paramref name="data"/>; healthy once it answers PING.
    /// </summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string? redisServer, DataFolder data)
    {
        var passwordValue = data.GetUrlSafeSecret($"{name}-password");
        var password = builder.AddParameter($"{name}-password", passwordValue, secret: true);
        var port = Ports.GetFree();
        var directory = data.RedisDirectory;
        var redis = redisServer is null
            ? new LocalRedisResource(name, "dotnet", Garnet.RepositoryRoot(), port, password.Resource)
            : new LocalRedisResource(name, redisServer, directory, port, password.Resource);

        // The config file is written just before each start: it holds the password, so it is owner-only
        // and never a command-line argument.
        var configFile = string.Empty;
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (_, ct) =>
        {
            if (redisServer is null)
            {
                await Garnet.RestoreAsync(ct);
                configFile = Garnet.WriteConfig(directory, port, passwordValue);
            }
            else
            {
                configFile = RedisServerConfig.Write(directory, port, passwordValue);
            }
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(redis.ConnectionString(passwordValue), name: healthCheck);

        return builder.AddResource(redis)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithArgs(context =>
            {
                string[] arguments = redisServer is null
                    ? ["tool", "run", "garnet-server", "--", "--config-import-path", configFile]
                    : [configFile];
                foreach (var argument in arguments)
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Memory");
    }
}
