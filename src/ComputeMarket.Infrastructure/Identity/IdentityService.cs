using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using Microsoft.AspNetCore.Identity;

namespace ComputeMarket.Infrastructure.Identity;

internal sealed class IdentityService(UserManager<AppUser> users, TimeProvider clock) : IIdentityService
{
    public async Task<Result<string>> CreateUserAsync(string email, string password, string displayName, CancellationToken cancellationToken)
    {
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };

        var outcome = await users.CreateAsync(user, password);
        if (outcome.Succeeded)
        {
            return user.Id;
        }

        // Identity reports every broken password rule and a taken name or address as codes; file each under the field
        // it concerns, all of them (a taken user name and a taken address describe themselves alike, and count once).
        var errors = outcome.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password" : "Email")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray());
        return Result<string>.Invalid(errors);
    }

    public async Task<bool> IsInRoleAsync(string userId, string role) =>
        await users.FindByIdAsync(userId) is { } user && await users.IsInRoleAsync(user, role);
}
