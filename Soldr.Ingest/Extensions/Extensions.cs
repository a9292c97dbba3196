using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Soldr.Core;
using Soldr.Ingest.Addressing;
using Soldr.Ingest.Admission;
using Soldr.Ingest.Checks;
using Soldr.Ingest.Diagnostics;
using Soldr.Ingest.Ingestion;
using Soldr.Ingest.KnownWebhooks;
using Soldr.Ingest.LastResort;
using Soldr.Ingest.Saving;
using Soldr.Ingest.Spool;
using Soldr.ServiceDefaults.Clients;

namespace Soldr.Ingest.Extensions;

internal static class Extensions
{
    // Keys that earlier versions read, and what replaced them: a setting left behind must not be ignored silently.
    private static readonly string[] ReplacedKeys = ["ResponseStatusRefresh", "WebhookNamesRefresh"];

    public static void AddIngestServices(this IHostApplicationBuilder builder)
    {
        builder.AddSoldrDataSource("soldr");
        builder.AddOptionalRedisClient("redis");
        builder.AddSoldrCore();
        builder.Services.AddProblemDetails();

        builder.Services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        foreach (var old in ReplacedKeys)
        {
            var value = builder.Configuration[$"{IngestOptions.Section}:{old}"];
            builder.Services.AddOptions<IngestOptions>().Validate(
                _ => value is null,
                $"{IngestOptions.Section}:{old} is no longer read: set {IngestOptions.Section}:WebhookSettingsRefresh instead.");
        }

        builder.Services.AddSingleton<IValidateOptions<IngestOptions>, TrustedProxiesValidator>();
        builder.Services.AddSingleton<IValidateOptions<IngestOptions>, IngestLimitsValidator>();

        // Kestrel enforces these while reading, so an oversized request is refused without being buffered,
        // and neither many connections nor a fast sender can make it hold more than they allow.
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp =>
            new ConfigureOptions<KestrelServerOptions>(kestrel =>
            {
                var ingest = sp.GetRequiredService<IOptions<IngestOptions>>().Value;
                kestrel.Limits.MaxRequestBodySize = ingest.MaxBodyBytes;
                kestrel.Limits.MaxRequestHeaderCount = ingest.MaxHeaderCount;
                kestrel.Limits.MaxRequestHeadersTotalSize = ingest.MaxHeaderBytes;
                kestrel.Limits.MaxRequestLineSize = ingest.MaxUrlBytes;
                kestrel.Limits.MaxConcurrentConnections = ingest.MaxConnections;
                kestrel.Limits.MaxConcurrentUpgradedConnections = ingest.MaxConnections;
                kestrel.Limits.MaxRequestBufferSize = ingest.MaxRequestBufferBytes;
            }));

        builder.Services.AddSingleton<TrustedProxies>();
        builder.Services.AddSingleton<OriginResolver>();
        builder.Services.AddSingleton<BodyMemoryBudget>();
        builder.Services.AddSingleton<RefusalReports>();
        builder.Services.AddSingleton<WebhookProfiles>();
        builder.Services.AddSingleton<RequestChecks>();
        builder.Services.AddSingleton<IngestRateLimiter>();
        builder.Services.AddSingleton<IngestLimits>();
        builder.Services.AddSingleton<CommitDeadline>();
        builder.Services.AddSingleton<RequestCapture>();
        builder.Services.AddSingleton<WakeUpPublisher>();
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<IngestHandler>();
        builder.Services.AddSingleton<StorageRoute>();
        builder.Services.AddSingleton<RequestSpool>();
        builder.Services.TryAddSingleton(_ => new UnsavedRequestLog(Console.Out));

        // Registered after AddSoldrCore, so they start once the schema is migrated, and in this order so
        // they stop in reverse: the writer answers what is queued before the drainer releases the spool.
        builder.Services.AddHostedService<KestrelRejections>();
        builder.Services.AddHostedService<WebhookProfilesRefresher>();
        builder.Services.AddSingleton<SpoolDrainer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SpoolDrainer>());
        builder.Services.AddSingleton<GroupCommitWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupCommitWriter>());
    }
}
