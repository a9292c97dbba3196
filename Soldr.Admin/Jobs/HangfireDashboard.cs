using Hangfire;
using Soldr.Admin.Components;

namespace Soldr.Admin.Jobs;

/// <summary>Hangfire's dashboard at <c>/hangfire</c>, on the UI's port, behind the UI's sign-in.</summary>
internal static class HangfireDashboard
{
    public const string Path = "/hangfire";

    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
            {
                Authorization = [new UiSessionDashboardAuthorization()],
                AppPath = "/jobs",
                DashboardTitle = "Soldr jobs",
                // The storage's description would name the database server; the UI shows no connection details.
                DisplayStorageConnectionString = false,
                StatsPollingInterval = 5000,
            })
            .RequireAuthorization()
            .WithMetadata(UiEndpoint.Instance);
}
