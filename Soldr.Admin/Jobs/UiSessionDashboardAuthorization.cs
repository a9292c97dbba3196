using Hangfire.Dashboard;

namespace Soldr.Admin.Jobs;

/// <summary>
/// The Hangfire dashboard opens for a signed-in UI session only. The endpoint already requires one (and
/// sends a browser without one to the sign-in page); this filter is the dashboard's own check of the
/// same thing, so it never falls back to Hangfire's default (any local request).
/// </summary>
internal sealed class UiSessionDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.Identity is { IsAuthenticated: true };
}
