using ComputeMarket.Application.Common.Results;

namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>Account operations that need ASP.NET Core Identity (password rules, hashing, roles).</summary>
public interface IIdentityService
{
    /// <summary>Creates a person who can sign in; failures name the field they concern.</summary>
    Task<Result<string>> CreateUserAsync(string email, string password, string displayName, CancellationToken cancellationToken);

    Task<bool> IsInRoleAsync(string userId, string role);
}
