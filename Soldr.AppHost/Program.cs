using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Soldr.AppHost.Hosting;
using Soldr.AppHost.Hosting.Terminal;

if (!CommandLine.TryParse(args, out var settings, out var aspireArguments, out var exitCode))
{
    return exitCode; // after the help text (0), or one line naming a bad argument (2)
}

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = aspireArguments,
    DisableDashboard = settings.ContainsKey(CommandLine.NoDashboardKey),
});
builder.Configuration.AddInMemoryCollection(settings);

// Aspire hides its resource health checks' failures when the dashboard shows them; without it they would
// print a stack trace for every service still starting. The summary below says when all are healthy.
builder.Services.AddLogging(logging =>
    logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.None));

SoldrSetup? soldr = null;
try
{
    soldr = await SoldrSetup.PrepareAsync(builder, CancellationToken.None);

    // PostgreSQL and Redis: given by connection string, else containers when published or asked for
    // (--containers), else the machine's own servers (Hosting/Stores.cs).
    var database = builder.AddSoldrDatabase(soldr);
    var redis = builder.AddSoldrRedis(soldr);
    var adminSecret = builder.AddParameter("admin-secret", new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true);

    var ingest = builder.AddProject<Projects.Soldr_Ingest>("ingest")
        .WithServiceEndpoint("http", soldr.Options.IngestPort, soldr.Options.Bind, external: true)
        .WithInternalEndpoint()
        .WithSoldrConfiguration()
        .WithDataPath("Soldr:Ingest:SpoolPath", soldr.Data, "spool", "ingest")
        .WithReference(database).WaitFor(database)
        .WithReference(redis).WaitFor(redis);

    var worker = builder.AddProject<Projects.Soldr_Worker>("worker")
        .WithInternalEndpoint("http")
        .WithSoldrConfiguration()
        .WithReference(database).WaitFor(database)
        .WithReference(redis).WaitFor(redis);

    var admin = builder.AddProject<Projects.Soldr_Admin>("admin")
        .WithServiceEndpoint("http", soldr.Options.UiPort, soldr.Options.Bind, external: true)
        .WithServiceEndpoint("api", soldr.Options.ApiPort, soldr.Options.ApiBind)
        .WithInternalEndpoint()
        .WithSoldrConfiguration()
        .WithEnvironment("Soldr__Admin__Secret", adminSecret)
        .WithReference(database).WaitFor(database)
        .WithReference(redis).WaitFor(redis)
        .WithReference(ingest.GetEndpoint("http"))
        .WithUrlForEndpoint("http", url => url.DisplayText = "Management UI")
        .WithUrlForEndpoint("api", url => url.DisplayText = "Management API")
        .WithUrl($"{ingest.GetEndpoint("http")}/", "Ingest");
    admin.WithReference(admin.GetEndpoint("api"))
        .WithUrl(ReferenceExpression.Create($"{admin.GetEndpoint("api")}/reference"), "API reference")
        .WithUrl(ReferenceExpression.Create($"{admin.GetEndpoint("http")}/hangfire"), "Hangfire dashboard");
    worker.WithOperatorCommands(admin.GetEndpoint("api"), adminSecret);

    if (builder.ExecutionContext.IsRunMode)
    {
        // Made by the container, so that it is disposed with the app and frees the data folder.
        builder.Services.AddSingleton(_ => soldr);
        builder.Services.AddSingleton(ResourceLogEcho.Target.Console).AddHostedService<ResourceLogEcho>();
        builder.Services.AddHostedService<OrderlyShutdown>();

        // The AppHost exits only once the orchestrator has stopped every process, so nothing outlives it.
        builder.Configuration["DcpPublisher:WaitForResourceCleanup"] = "true";
        builder.Services.AddSingleton<StartupReport>().AddHostedService(s => s.GetRequiredService<StartupReport>());
    }
}
catch (FormatException ex)
{
    soldr?.Dispose();
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 2;
}
catch (StartupException ex)
{
    soldr?.Dispose();
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}

using var app = builder.Build();
await app.RunAsync();
return app.Services.GetService<StartupReport>()?.ExitCode ?? 0;
