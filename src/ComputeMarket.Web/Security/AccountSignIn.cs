using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace ComputeMarket.Web.Security;

public enum SignInAnswer
{
    SignedIn,
    TwoFactorRequired,
    LockedOut,

    /// <summary>The password was right but the address is not confirmed yet; a new link has been mailed.</summary>
    ConfirmationRequired,
    Failed,
}

/// <summary>
/// Password sign-in that answers the same, at about the same cost, whether the account exists or not: an unknown
/// address has a password checked against a dummy hash and locks after as many failures as a real account does.
/// Only someone who knows an account's password learns anything more (that it still needs confirming).
/// </summary>
public sealed class AccountSignIn(
    SignInManager<AppUser> signInManager,
    IPasswordHasher<AppUser> hasher,
    UnknownAccountLockout unknownAccounts,
    AccountMail mail,
    ILogger<AccountSignIn> logger)
{
    public async Task<SignInAnswer> SignInAsync(string email, string password, bool remember)
    {
        var users = signInManager.UserManager;
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            return Unknown(users.NormalizeEmail(email), password);
        }

        if (!await users.IsEmailConfirmedAsync(user))
        {
            var check = await signInManager.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
            if (!check.Succeeded)
            {
                return check.IsLockedOut ? SignInAnswer.LockedOut : SignInAnswer.Failed;
            }

            await mail.SendConfirmationAsync(users, user);
            return SignInAnswer.ConfirmationRequired;
        }

        var outcome = await signInManager.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        if (outcome.Succeeded)
        {
            logger.LogInformation("{UserId} signed in.", user.Id);
            return SignInAnswer.SignedIn;
        }

        if (outcome.RequiresTwoFactor)
        {
            return SignInAnswer.TwoFactorRequired;
        }

        if (outcome.IsLockedOut)
        {
            logger.LogWarning("{UserId} is locked out.", user.Id);
            return SignInAnswer.LockedOut;
        }

        return SignInAnswer.Failed;
    }

    private SignInAnswer Unknown(string normalizedEmail, string password)
    {
        // Identity does not check the password of a locked account either.
        if (unknownAccounts.IsLockedOut(normalizedEmail))
        {
            return SignInAnswer.LockedOut;
        }

        hasher.VerifyHashedPassword(new AppUser(), unknownAccounts.DummyHash(hasher), password);
        return unknownAccounts.RecordFailure(normalizedEmail) ? SignInAnswer.LockedOut : SignInAnswer.Failed;
    }
}
