using Microsoft.Extensions.Options;
using Soldr.Core;
using Soldr.ServiceDefaults.Postgres;
using Soldr.ServiceDefaults.Redis;
using Soldr.ServiceDefaults.Resilience;
using Soldr.Worker.Delivery;
using Soldr.Worker.Routing;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Extensions;

internal static class Extensions
{
    public static void AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("soldr");
        builder.AddRedisClient("redis");
        builder.AddSoldrCore();
        builder.AddRecurringJobs();

        builder.Services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();

        // A send that has started may finish and be recorded before the host gives up on it, within the
        // time an orchestrator grants a stopping service (the AppHost: 60 s). A longer send is abandoned;
        // its lease expires and it is sent again: at-least-once.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Min(worker.Value.SendTimeout.TotalSeconds + 5, 50)));

        // Deliveries have their own timeout and record every attempt; a hidden retry would send twice.
        builder.Services.AddHttpClient(DeliverySender.ClientName)
            .WithoutDefaultResilience()
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
                UseCookies = false,
            });

        builder.Services.AddSingleton<WorkSignals>();
        builder.Services.AddSingleton<DeliverySender>();
        builder.Services.AddHostedService<RedisWakeUpListener>();
        builder.Services.AddHostedService<RoutingService>();
        builder.Services.AddHostedService<DeliveryService>();
    }
}
