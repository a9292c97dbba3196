using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Soldr.Core.Jobs;

public static class JobStorageExtensions
{
    /// <summary>
    /// How often a Hangfire worker looks for enqueued jobs, and a server for scheduled and recurring ones:
    /// a job another process enqueued or scheduled starts within about this long.
    /// </summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a Hangfire lock left by a process that died stays taken (Hangfire.PostgreSql keeps its locks as
    /// rows, not sessions, and its default is ten minutes). Hangfire holds its locks for milliseconds, to
    /// schedule or declare a job; Soldr's jobs lock with PostgreSQL's advisory locks instead.
    /// </summary>
    public static readonly TimeSpan AbandonedLockTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Whether <paramref name="exception"/> says a Hangfire lock was still taken when the wait for it ended.</summary>
    public static bool IsLockTaken(Exception exception) =>
        exception is PostgreSqlDistributedLockException or DistributedLockTimeoutException;

    /// <summary>
    /// Hangfire's storage in Soldr's database, on the service's <see cref="NpgsqlDataSource"/>. The storage and
    /// the job activator are this host's own services, not Hangfire's process-wide defaults, so two hosts in
    /// one process (as in the tests) each use their own database and container. Call after <c>AddSoldrCore()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSoldrJobStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(
            new DataSourceConnectionFactory(sp.GetRequiredService<NpgsqlDataSource>()),
            new PostgreSqlStorageOptions
            {
                SchemaName = HangfireSchema.Name,
                // The migration runner installs the schema, under its lock, before any service uses it.
                PrepareSchemaIfNecessary = false,
                QueuePollInterval = PollInterval,
                // A running job's claim is renewed every minute; a job whose worker died goes to another
                // within five minutes, and a long purge or re-send is never handed out twice meanwhile.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
                DistributedLockTimeout = AbandonedLockTimeout,
            }));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddSingleton<JobPauses>();
        services.AddSingleton<RecurringJobControl>();
        return builder;
    }
}
