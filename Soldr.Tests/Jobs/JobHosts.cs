using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Soldr.Core;
using Soldr.ServiceDefaults.Clients;
using Soldr.Tests.Infrastructure;
using Soldr.Worker;

namespace Soldr.Tests.Jobs;

/// <summary>
/// A worker host with only what the recurring jobs need: the data source, the core start-up (migrations)
/// and the Hangfire server, registered exactly as the worker registers them. Schedules are off unless a test
/// turns one on, so only what a test triggers runs.
/// </summary>
internal static class JobHosts
{
    public static async Task<IHost> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = Build(connectionString, settings);
        await host.StartAsync();
        return host;
    }

    public static IHost Build(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Production",
            ContentRootPath = TestHosts.ContentRoot,
        });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:soldr"] = connectionString,
            // Nothing listens there: wake-ups fail at once, and the jobs do not depend on them.
            ["ConnectionStrings:redis"] = "127.0.0.1:1",
            ["Soldr:Jobs:Purge:Schedule"] = "off",
            ["Soldr:Jobs:Rollup:Schedule"] = "off",
            ["Soldr:Jobs:StaleWorkerSchedule"] = "off",
            ["Soldr:Jobs:AlertReminders:Schedule"] = "off",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddSoldrDataSource("soldr");
        builder.AddOptionalRedisClient("redis");
        builder.AddSoldrCore();
        builder.AddRecurringJobs();
        return builder.Build();
    }

    public static T Get<T>(this IHost host)
        where T : notnull => host.Services.GetRequiredService<T>();
}
