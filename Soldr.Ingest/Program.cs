using Soldr.Ingest.Commands;
using Soldr.Ingest.Extensions;
using Soldr.ServiceDefaults;
using Soldr.ServiceDefaults.Hosting;

if (args is [ImportLogCommand.Name, ..])
{
    return await ImportLogCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestServices();

var app = builder.Build();

app.UseIngestPipeline();

return await app.RunServiceAsync();
