using Microsoft.Extensions.Options;
using Soldr.Core;
using Soldr.Core.Alerts;
using Soldr.Core.Deliveries;
using Soldr.Core.Flow;
using Soldr.Core.Jobs;
using Soldr.Core.Routing;
using Soldr.Core.Signals;
using Soldr.Core.Workers;
using Soldr.ServiceDefaults.Clients;
using Soldr.Worker.Alerts;
using Soldr.Worker.Delivery;
using Soldr.Worker.Flow;
using Soldr.Worker.Heartbeat;
using Soldr.Worker.Jobs;
using Soldr.Worker.Routing;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Extensions;

internal static class Extensions
{
    public static void AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddSoldrDataSource("soldr");
        builder.AddOptionalRedisClient("redis");
        builder.AddSoldrCore();

        // The queue's side of the store: only workers route, claim, record and alert.
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RequestRouter>();
        builder.Services.AddSingleton<DeliveryPolicies>();
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddSingleton<AttemptRecorder>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<WorkSignals>();
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

        builder.Services.AddOutboundHttpClients();

        builder.Services.AddSingleton(_ => Random.Shared);
        builder.Services.AddSingleton<DeliverySender>();
        builder.Services.AddSingleton<RetrySchedule>();
        builder.Services.AddSingleton<InFlightDeliveries>();
        builder.Services.AddSingleton<QueueSnapshot>();
        builder.Services.AddSingleton<DeliveryTelemetry>();
        builder.Services.AddSingleton<DeliveryAttempt>();
        builder.Services.AddSingleton<LiveWorkers>();
        builder.Services.AddSingleton<DestinationFlow>();
        builder.Services.AddSingleton<DestinationRateLimiter>();
        builder.Services.AddSingleton<FlowNotices>();
        builder.Services.AddSingleton<CircuitStore>();
        builder.Services.AddSingleton<CircuitEvents>();
        builder.Services.AddTransient<ICircuitProbeJob, CircuitProbeJob>();
        builder.Services.AddHostedService<FlowNoticeListener>();
        builder.Services.AddSingleton<IAlertChannel, WebhookAlertChannel>();
        builder.Services.AddSingleton<IAlertChannel, SmtpAlertChannel>();
        builder.Services.AddHostedService<RedisWakeUpListener>();
        builder.Services.AddHostedService<RoutingService>();
        builder.Services.AddHostedService<HeldDeliveryReleaser>();
        // Registered before the delivery service so it stops after it, when every attempt has been queued.
        builder.Services.AddSingleton<AttemptWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AttemptWriter>());
        builder.Services.AddHostedService<DeliveryService>();
        builder.Services.AddHostedService<WorkerHeartbeat>();
        builder.Services.AddHostedService<QueueMonitor>();
        builder.Services.AddHostedService<AlertNotifier>();
    }
}
