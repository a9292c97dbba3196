using Soldr.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);
var ports = builder.Options;
var webhookDomain = builder.Configuration["Soldr:Ingest:BaseDomain"] ?? "wh.localhost";

var postgres = builder.AddPostgres("postgres");
var database = postgres.AddDatabase("soldr");
var redis = builder.AddRedis("redis");
var adminSecret = builder.AddSecret("admin-secret", configurationKey: "Soldr:Admin:Secret");

var ingest = builder.AddProject<Projects.Soldr_Ingest>("ingest")
    .WithHttpEndpoint(port: ports.IngestPort, bindAddress: ports.Bind, portOption: "--ingest-port")
    .WithHttpHealthCheck("/health")
    .WithDataPath("Soldr__Ingest__SpoolPath", Path.Combine("spool", "ingest"))
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithNote(ingest => $"webhooks: http://<name>.{webhookDomain}:{ingest.GetEndpoint("http").Port}/ or /w/<name>/");

builder.AddProject<Projects.Soldr_Worker>("worker")
    .WithHttpEndpoint(bindAddress: "127.0.0.1")
    .WithHttpHealthCheck("/health")
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithNote("delivers to destinations; health endpoint only");

var admin = builder.AddProject<Projects.Soldr_Admin>("admin")
    .WithHttpEndpoint(port: ports.UiPort, bindAddress: ports.Bind, portOption: "--ui-port")
    .WithHttpEndpoint("api", port: ports.ApiPort, bindAddress: ports.ApiBind, portOption: "--api-port")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Soldr__Admin__Secret", adminSecret)
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithNote("UI on http (sign in with the secret); management API on api (bearer secret)");
admin.WithReference(admin.GetEndpoint("api"), serviceName: "admin-api");
admin.WithReference(ingest.GetEndpoint("http"), serviceName: "ingest");

return await builder.Build().RunAsync();
