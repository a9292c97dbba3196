using Soldr.Admin.Apis;
using Soldr.Admin.Extensions;
using Soldr.Admin.Security;
using Soldr.ServiceDefaults;
using Soldr.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAdminServices();
builder.AddAdminUi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseManagementApiAuthentication();
app.MapAdminUi();

app.MapDefaultEndpoints();
app.MapManagementApi();

return await app.RunServiceAsync();
