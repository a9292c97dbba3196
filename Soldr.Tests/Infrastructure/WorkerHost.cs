using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Soldr.ServiceDefaults;
using Soldr.Worker.Extensions;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// The worker service, built and wired by the very calls its Program.cs makes, in this process on real
/// PostgreSQL and Redis. It polls at its own default: a shorter test-only poll would find new work before
/// a wake-up could be missed, and hide whether wake-ups work.
/// </summary>
public static class WorkerHost
{
    /// <summary>
    /// A worker on the given servers; <paramref name="settings"/> adds to or overrides its configuration, and
    /// <paramref name="logs"/>, when given, receives everything it logs.
    /// </summary>
    public static async Task<WebApplication> StartAsync(
        string connectionString,
        string redis,
        IReadOnlyDictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null)
    {
        var builder = TestHosts.CreateBuilder(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:soldr"] = connectionString,
                ["ConnectionStrings:redis"] = redis,
            },
            settings);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.AddServiceDefaults();
        builder.AddWorkerServices();
        var app = builder.Build();
        app.UseWorkerPipeline();
        await app.StartOrDisposeAsync();

        return app;
    }
}
