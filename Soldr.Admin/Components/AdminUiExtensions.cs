using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Soldr.Admin.Client;
using Soldr.Admin.Components;
using Soldr.Admin.Components.Parts;
using Soldr.Admin.Jobs;
using Soldr.Admin.Security;
using Soldr.Admin.Security.Sessions;
using Soldr.Client;
using Soldr.ServiceDefaults.Clients;

// In the namespace Program.cs already imports, so wiring the UI in is one line per call and nothing else.
namespace Soldr.Admin.Extensions;

/// <summary>Everything the management UI adds to Soldr.Admin: cookie sign-in, Blazor and the API client.</summary>
public static class AdminUiExtensions
{
    public static void AddAdminUi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Run from its build output (as the AppHost does) in any environment, the UI's assets are in the
        // projects' wwwroot folders that the build's manifest points to; only Development reads it by default.
        // A published app has them in its own wwwroot, and this does nothing there.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = PrerenderLimits.ReceiveMessageBytes);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddAuthorization();
        builder.AddSessionCookie();

        // The UI reaches the API over HTTP like any other client, so it can move to its own process. No
        // automatic retries: an edit that timed out after it was saved would be saved twice. Each call
        // carries the session of the page that makes it.
        builder.Services.AddScoped<ISessionKeySource, CircuitSessionKey>();
        var secret = builder.Configuration[$"{AdminOptions.Section}:{nameof(AdminOptions.Secret)}"] ?? string.Empty;
        var client = builder.Services
            .AddSoldrClient(ManagementApiAddress.FromConfiguration(builder.Configuration), secret)
            .WithoutStandardResilience();
        builder.Services.AddScoped(SessionApi.Create);
        if (ApiCertificate.IsConfigured(builder.Configuration))
        {
            client.ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                SslOptions =
                {
                    RemoteCertificateValidationCallback =
                        ApiCertificate.PinnedTo(services.GetRequiredService<ApiTlsCertificate>().Certificate),
                },
            });
        }
    }

    /// <summary>The UI's middleware: its error page, its port, sign-in and antiforgery.</summary>
    public static void UseAdminUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var apiPort = app.Services.GetRequiredService<ManagementApiPort>();

        // Pages that fail render the error page; the API's port keeps answering with problem details.
        app.UseWhen(
            context => !apiPort.Serves(context),
            ui => ui.UseExceptionHandler("/Error", createScopeForErrors: true));

        // An address with nothing behind it shows the app's not-found page rather than a problem in JSON. Not
        // inside the branch above: a branch lacks the route builder a re-execution needs to find the page.
        // Only a page that is not there is shown so: other statuses (the live connection's 401, say) and
        // anything on the API's port keep their own answer, which the outer status code pages complete.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            var reExecution = context.Features.Get<IStatusCodePagesFeature>();
            await next(context);
            if (reExecution is not null
                && (apiPort.Serves(context) || context.Response.StatusCode != StatusCodes.Status404NotFound
                    || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))))
            {
                reExecution.Enabled = false;
            }
        });
        app.UseMiddleware<UiPortOnly>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<DashboardAudit>();
        app.UseAntiforgery();
    }

    /// <summary>The UI's endpoints: its pages and live connection, their assets, sign-out and the Hangfire dashboard.</summary>
    public static void MapAdminUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets().WithMetadata(UiEndpoint.Instance);
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization()
            .WithMetadata(UiEndpoint.Instance);
        app.MapPost("/signout", SignOutAsync).WithMetadata(UiEndpoint.Instance).ExcludeFromDescription();
        app.MapJobsDashboard();
    }

    /// <summary>
    /// The sign-in cookie carries a session key only; the session lives in the database (see
    /// <see cref="AdminSessionStore"/>), so signing out or changing the secret ends it everywhere.
    /// </summary>
    private static void AddSessionCookie(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SessionTicketStore>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<SessionTicketStore, IOptions<UiSessionOptions>>((options, store, sessions) =>
            {
                options.SessionStore = store;
                options.Cookie.Name = "soldr-admin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = sessions.Value.SlidingLifetime;
                options.SlidingExpiration = true;
                options.LoginPath = "/signin";
                options.AccessDeniedPath = "/signin";
            });
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // A cross-site form must not be able to sign the operator out.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest();
        }

        // Ends the session in the database too: a copy of the cookie is worth nothing from now on.
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/signin");
    }
}
