using Npgsql;
using Quartz;
using Soldr.Core.Jobs;
using Soldr.ServiceDefaults;
using Soldr.Worker.Jobs;

// In the service's root namespace, so the one call in Extensions/Extensions.cs needs no using of its own.
namespace Soldr.Worker;

internal static class JobsExtensions
{
    /// <summary>
    /// Purge, metric roll-up and stale-worker clean-up on Quartz with its clustered store in PostgreSQL, so
    /// each run happens on one worker only however many are running. Call after <c>AddSoldrCore()</c>: the
    /// scheduler's hosted services must start after the schema is migrated.
    /// </summary>
    public static IHostApplicationBuilder AddRecurringJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PurgeOptions>().BindConfiguration(PurgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RollupOptions>().BindConfiguration(RollupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StaleWorkerOptions>().BindConfiguration(StaleWorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<JobRunStore>();
        services.AddSingleton<JobRunQueries>();
        services.AddSingleton<PurgeStore>();
        services.AddSingleton<MetricsRollupStore>();
        services.AddSingleton<WorkerRegistryStore>();
        services.AddSingleton<RecurringJobs>();
        services.AddTransient<PurgeJob>();
        services.AddTransient<RollupJob>();
        services.AddTransient<StaleWorkersJob>();

        // The same database as the worker's NpgsqlDataSource; Quartz opens its own connections to it.
        var connectionString = ConnectionStrings.Read(
            builder.Configuration, "soldr", value => new NpgsqlConnectionStringBuilder(value).ConnectionString);
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = RecurringJobs.SchedulerName;
                // A running purge stops between batches when the worker stops, instead of holding shutdown.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
                // A job run from the management API is a trigger another process stored: an idle scheduler
                // only sees it when it looks again, so it looks every few seconds rather than every 30.
                scheduler.IdleWaitTime = TimeSpan.FromSeconds(5);
            });
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering();
                store.UseSystemTextJsonSerializer();
            });
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        services.AddHostedService<JobSchedules>();
        return builder;
    }
}
