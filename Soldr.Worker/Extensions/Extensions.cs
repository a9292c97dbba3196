using Microsoft.Extensions.Options;
using Soldr.Core;
using Soldr.Core.Alerts;
using Soldr.Core.Deliveries;
using Soldr.Core.Routing;
using Soldr.Core.Workers;
using Soldr.ServiceDefaults.Postgres;
using Soldr.ServiceDefaults.Redis;
using Soldr.ServiceDefaults.Resilience;
using Soldr.Worker.Alerts;
using Soldr.Worker.Delivery;
using Soldr.Worker.Heartbeat;
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

        // The queue's side of the store: only workers route, claim, record and alert.
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RequestRouter>();
        builder.Services.AddSingleton<DeliveryPolicies>();
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddSingleton<AttemptRecorder>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<WorkerRegistry>();
        builder.AddRecurringJobs();

        builder.Services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<AlertOptions>()
            .BindConfiguration(AlertOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Sends in flight get the drain timeout to finish; the rest are cancelled and handed back, which
        // needs a few more seconds. Both fit in the time an orchestrator grants a stopping service (the
        // AppHost: 60 s).
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.ShutdownDrainTimeout + TimeSpan.FromSeconds(10));

        // Deliveries have their own timeout and record every attempt; a hidden retry would send twice.
        // The worker logs each attempt itself, with the destination's URL made safe to log; the client's
        // own log handlers would add a scope and two log checks to every send.
        builder.Services.AddHttpClient(DeliverySender.ClientName)
            .WithoutDefaultResilience()
            .WithoutServiceDiscovery()
            .RemoveAllLoggers()
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
                UseCookies = false,
            });

        builder.Services.AddHttpClient(WebhookAlertChannel.ClientName)
            .WithoutDefaultResilience()
            .WithoutServiceDiscovery()
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);

        builder.Services.AddSingleton<WorkSignals>();
        builder.Services.AddSingleton(_ => Random.Shared);
        builder.Services.AddSingleton<DeliverySender>();
        builder.Services.AddSingleton<RetrySchedule>();
        builder.Services.AddSingleton<InFlightDeliveries>();
        builder.Services.AddSingleton<QueueSnapshot>();
        builder.Services.AddSingleton<DeliveryTelemetry>();
        builder.Services.AddSingleton<DeliveryAttempt>();
        builder.Services.AddSingleton<IAlertChannel, WebhookAlertChannel>();
        builder.Services.AddSingleton<IAlertChannel, SmtpAlertChannel>();
        builder.Services.AddHostedService<RedisWakeUpListener>();
        builder.Services.AddHostedService<RoutingService>();
        // Registered before the delivery service so it stops after it, when every attempt has been queued.
        builder.Services.AddSingleton<AttemptWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AttemptWriter>());
        builder.Services.AddHostedService<DeliveryService>();
        builder.Services.AddHostedService<WorkerHeartbeat>();
        builder.Services.AddHostedService<QueueMonitor>();
        builder.Services.AddHostedService<AlertNotifier>();
    }
}
