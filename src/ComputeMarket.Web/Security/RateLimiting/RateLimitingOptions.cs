namespace ComputeMarket.Web.Security.RateLimiting;

/// <summary>The <c>RateLimiting</c> configuration section: one fixed window per rule and partition.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Sign-in attempts for one account (its normalized email), from anywhere.</summary>
    public RateLimitRule SignInPerAccount { get; set; } = new(10, TimeSpan.FromMinutes(15));

    /// <summary>
    /// Sign-in attempts (password, two-factor and recovery codes) from one client address. It also keeps one client
    /// from locking an account again and again: five wrong passwords lock it, and this caps how often one client can.
    /// </summary>
    public RateLimitRule SignInPerAddress { get; set; } = new(30, TimeSpan.FromMinutes(15));

    public RateLimitRule SignUpPerAddress { get; set; } = new(10, TimeSpan.FromHours(1));

    /// <summary>Forgot-password, reset-password and resend-confirmation posts from one client address.</summary>
    public RateLimitRule PasswordResetPerAddress { get; set; } = new(10, TimeSpan.FromHours(1));

    /// <summary>Invitation acceptances (POST /invitations/{token}) from one client address.</summary>
    public RateLimitRule InvitationPerAddress { get; set; } = new(20, TimeSpan.FromMinutes(15));

    /// <summary>Requests to /api from one caller: its API key if it sends one, else the signed-in person, else its address.</summary>
    public RateLimitRule ApiPerCaller { get; set; } = new(600, TimeSpan.FromMinutes(1));
}

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    public RateLimitRule()
    {
    }

    public RateLimitRule(int permitLimit, TimeSpan window)
    {
        PermitLimit = permitLimit;
        Window = window;
    }

    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}
