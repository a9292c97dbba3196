using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Soldr.Core.Alerts;
using Soldr.Core.Jobs;
using Soldr.Core.Management;
using Soldr.Core.Signals;
using Soldr.Worker.Jobs;
using Soldr.Worker.Signals;

// In the service's root namespace, so the one call in Extensions/Extensions.cs needs no using of its own.
namespace Soldr.Worker;

internal static class JobsExtensions
{
    // Keys that earlier versions read, and what replaced them: a setting left behind must not be ignored silently.
    private static readonly (string Old, string New)[] ReplacedKeys =
    [
        ("Soldr:Jobs:Purge:Interval", "Soldr:Jobs:Purge:Schedule"),
        ("Soldr:Jobs:Rollup:Interval", "Soldr:Jobs:Rollup:Schedule"),
        ("Soldr:Jobs:StaleWorkerInterval", "Soldr:Jobs:StaleWorkerSchedule"),
    ];

    /// <summary>
    /// The worker's Hangfire server, the recurring jobs it runs (purge, metric roll-up, stale-worker clean-up,
    /// alert reminders; each occurrence on one worker only however many are running) and the bulk re-sends
    /// operators start. Needs a Redis client (for wake-ups). Call after <c>AddSoldrCore()</c>: the schedules
    /// are declared after the schema is migrated.
    /// </summary>
    public static IHostApplicationBuilder AddRecurringJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        foreach (var (old, replacement) in ReplacedKeys)
        {
            var value = builder.Configuration[old];
            services.AddOptions<JobServerOptions>().Validate(
                _ => value is null,
                $"{old} is no longer read: set {replacement} instead (an interval such as 00:10:00, a cron expression, or off).");
        }

        services.AddOptions<JobServerOptions>().BindConfiguration(JobServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PurgeOptions>().BindConfiguration(PurgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RollupOptions>().BindConfiguration(RollupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StaleWorkerOptions>().BindConfiguration(StaleWorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertReminderOptions>().BindConfiguration(AlertReminderOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<JobRunStore>();
        services.AddSingleton<JobRunQueries>();
        services.AddSingleton<PurgeStore>();
        services.AddSingleton<MetricsRollupStore>();
        services.AddSingleton<WorkerRegistryStore>();
        // The reminders need these. The worker registers them before this, for its notifier and its loops;
        // a host with only the jobs (the tests') gets them here.
        services.TryAddSingleton<AlertStore>();
        services.TryAddSingleton<WorkSignals>();
        services.AddKeyedTransient<RecordedJob, PurgeJob>(RecurringJobNames.Purge);
        services.AddKeyedTransient<RecordedJob, RollupJob>(RecurringJobNames.MetricsRollup);
        services.AddKeyedTransient<RecordedJob, StaleWorkersJob>(RecurringJobNames.StaleWorkers);
        services.AddKeyedTransient<RecordedJob, AlertRemindersJob>(RecurringJobNames.AlertReminders);
        services.AddTransient<IRecurringJobRunner, RecurringJobRunner>();

        // Bulk re-sends an operator started through the management API.
        services.AddOptions<ResendOptions>().BindConfiguration(ResendOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ResendStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<WorkerWakeUp>();
        services.AddTransient<IResendJob, ResendJob>();

        builder.AddSoldrJobStorage();
        services.AddHostedService<JobSchedules>();
        services.AddHangfireServer((sp, server) =>
        {
            server.WorkerCount = sp.GetRequiredService<IOptions<JobServerOptions>>().Value.ParallelJobs;
            // Scheduled and recurring jobs are looked for every second, so each starts within a second or two of its time.
            server.SchedulePollingInterval = JobStorageExtensions.PollInterval;
        });
        return builder;
    }
}
