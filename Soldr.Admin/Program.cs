using Soldr.Admin.Extensions;
using Soldr.ServiceDefaults;
using Soldr.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAdminServices();
builder.AddAdminUi();

var app = builder.Build();

app.UseAdminPipeline();

return await app.RunServiceAsync();
