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

        // Identity reports duplicate names and password rules as codes; file each under the field it concerns.
        var errors = outcome.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password" : "Email")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Code is "DuplicateUserName" or "DuplicateEmail" ? IdentityMessages.EmailTaken : e.Description).Distinct().ToArray());
        return Result<string>.Invalid(errors);
    }

    public async Task<bool> IsInRoleAsync(string userId, string role) =>
        await users.FindByIdAsync(userId) is { } user && await users.IsInRoleAsync(user, role);
}
