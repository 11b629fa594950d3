namespace ComputeMarket.Infrastructure.Identity;

/// <summary>Messages of the identity service that callers recognise, not only show (the English text is also the resource key).</summary>
public static class IdentityMessages
{
    /// <summary>The sign-up page never shows this one: it would tell a stranger that the address has an account.</summary>
    public const string EmailTaken = "An account with this email address already exists.";
}
