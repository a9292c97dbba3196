using Microsoft.AspNetCore.Builder;
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
    public static async Task<WebApplication> StartAsync(string connectionString, string redis, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = TestHosts.CreateBuilder(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:soldr"] = connectionString,
                ["ConnectionStrings:redis"] = redis,
            },
            settings);
        builder.AddServiceDefaults();
        builder.AddWorkerServices();
        var app = builder.Build();
        app.UseWorkerPipeline();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }
}
