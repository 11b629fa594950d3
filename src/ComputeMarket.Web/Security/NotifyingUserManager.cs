using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Security;

/// <summary>
/// Identity's user manager with two additions that keep a lockout from shutting an owner out: the moment an account
/// locks, its owner is told by mail (when it unlocks, and to reset the password if it was not them), and a successful
/// password reset ends the lockout. Every way of failing a sign-in goes through <see cref="AccessFailedAsync"/>.
/// </summary>
internal sealed class NotifyingUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    AccountMail mail)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        var wasLockedOut = await IsLockedOutAsync(user);
        var result = await base.AccessFailedAsync(user);
        if (result.Succeeded && !wasLockedOut && await IsLockedOutAsync(user) && await GetLockoutEndDateAsync(user) is { } until && user.Email is not null)
        {
            Logger.LogWarning("Account {UserId} locked after failed sign-ins until {LockedUntil}.", user.Id, until);
            await mail.SendLockedOutAsync(user, Options.Lockout.MaxFailedAccessAttempts, until);
        }

        return result;
    }

    public override async Task<IdentityResult> ResetPasswordAsync(AppUser user, string token, string newPassword)
    {
        var result = await base.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded && await IsLockedOutAsync(user))
        {
            // The reset proves the person holds the mailbox: someone else's wrong guesses must not keep them out.
            await SetLockoutEndDateAsync(user, null);
            await ResetAccessFailedCountAsync(user);
        }

        return result;
    }
}
