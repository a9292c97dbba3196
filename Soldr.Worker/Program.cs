using Soldr.ServiceDefaults;
using Soldr.ServiceDefaults.Hosting;
using Soldr.Worker.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();

app.UseWorkerPipeline();

return await app.RunServiceAsync();
