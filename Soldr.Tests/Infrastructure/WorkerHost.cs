using Microsoft.AspNetCore.Builder;
using Soldr.ServiceDefaults;
using Soldr.Worker.Extensions;

namespace Soldr.Tests.Infrastructure;

/// <summary>The worker service, wired exactly as its Program.cs wires it, in this process on real PostgreSQL and Redis.</summary>
public static class WorkerHost
{
    public static async Task<WebApplication> StartAsync(string connectionString, string redis, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = TestHosts.CreateBuilder(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:soldr"] = connectionString,
                ["ConnectionStrings:redis"] = redis,
                ["Soldr:Worker:PollInterval"] = "00:00:00.100",
            },
            settings);
        builder.AddServiceDefaults();
        builder.AddWorkerServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }
}
