using ComputeMarket.Domain.Organizations;
using Hangfire.Dashboard;

namespace ComputeMarket.Web.Security;

/// <summary>
/// A second lock on the Hangfire dashboard: the endpoint already requires the Administrator policy, and this
/// filter replaces Hangfire's default "local requests only" rule, which would shut out a real deployment.
/// </summary>
internal sealed class HangfireDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(PlatformRoles.Administrator);
}
