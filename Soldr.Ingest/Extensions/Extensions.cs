using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Soldr.Core;
using Soldr.Ingest.Ingestion;
using Soldr.ServiceDefaults.Postgres;
using Soldr.ServiceDefaults.Redis;

namespace Soldr.Ingest.Extensions;

internal static class Extensions
{
    public static void AddIngestServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("soldr");
        builder.AddRedisClient("redis");
        builder.AddSoldrCore();
        builder.Services.AddProblemDetails();

        builder.Services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Kestrel enforces the body limit while reading, so an oversized body is refused without being buffered.
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp =>
            new ConfigureOptions<KestrelServerOptions>(kestrel =>
                kestrel.Limits.MaxRequestBodySize = sp.GetRequiredService<IOptions<IngestOptions>>().Value.MaxBodyBytes));

        builder.Services.AddSingleton<RequestCapture>();
        builder.Services.AddSingleton<WakeUpPublisher>();
    }
}
