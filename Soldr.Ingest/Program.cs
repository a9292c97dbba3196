using Soldr.Ingest.Extensions;
using Soldr.Ingest.Ingestion;
using Soldr.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapIngestApi();

app.Run();
