using System.Security.Claims;
using ComputeMarket.Application.Common.Interfaces;

namespace ComputeMarket.Web.Security;

/// <summary>The person behind the current HTTP request; anonymous inside background jobs.</summary>
internal sealed class CurrentUser(IHttpContextAccessor httpContextAccessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => httpContextAccessor.HttpContext?.User;

    public string? UserId => Principal?.FindFirstValue(ClaimTypes.NameIdentifier);

    public bool IsInRole(string role) => Principal?.IsInRole(role) ?? false;
}
