using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Infrastructure.Identity;

/// <summary>
/// Identity's error messages (password rules, a taken address, a bad token …) in the language of the request that
/// caused them, looked up when the error is described. The codes stay Identity's, so callers still match on them.
/// </summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<LocalizedIdentityErrorDescriber> localizer) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Something went wrong. Try again.");

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "Your account was changed a moment ago. Reload the page and try again.");

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "The password is wrong.");

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "This link or code is not valid, or it has expired.");

    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "This recovery code is not valid.");

    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), "This sign-in method is already linked to another account.");

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "The user name \"{0}\" is not valid.", userName ?? "");

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "\"{0}\" is not a valid email address.", email ?? "");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), IdentityMessages.EmailTaken);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), IdentityMessages.EmailTaken);

    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), "The role name \"{0}\" is not valid.", role ?? "");

    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), "The role \"{0}\" already exists.", role);

    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "This account already has a password.");

    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "This account cannot be locked.");

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), "The account already has the role \"{0}\".", role);

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), "The account does not have the role \"{0}\".", role);

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "The password needs at least {0} characters.", length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), "The password needs at least {0} different characters.", uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "The password needs a character that is neither a letter nor a digit.");

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "The password needs a digit (0-9).");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "The password needs a lowercase letter (a-z).");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "The password needs an uppercase letter (A-Z).");

    private IdentityError Error(string code, string text, params object[] arguments) =>
        new() { Code = code, Description = localizer[text, arguments] };
}
