using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace ComputeMarket.Web.Security.RateLimiting;

/// <summary>
/// One global limiter made of a chain of rules; each rule picks the requests it counts and the partition they count
/// in. Only posts count on the account pages (showing a form costs nothing). A rejected request gets 429 with
/// Retry-After: problem details on the API, the error page elsewhere.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddAppRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        services.AddSingleton(options);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Rule("sign-in-account", options.SignInPerAccount, context => IsPost(context, AccountPages.SignIn) ? AccountKey(context) : null),
                Rule("sign-in-address", options.SignInPerAddress, context => IsPost(context, AccountPages.SignInSteps) ? AddressKey(context) : null),
                Rule("sign-up-address", options.SignUpPerAddress, context => IsPost(context, AccountPages.SignUp) ? AddressKey(context) : null),
                Rule("reset-address", options.PasswordResetPerAddress, context => IsPost(context, AccountPages.PasswordReset) ? AddressKey(context) : null),
                Rule("invitation-address", options.InvitationPerAddress, context => IsInvitationPost(context) ? AddressKey(context) : null),
                Rule("api-caller", options.ApiPerCaller, context => IsApi(context) ? CallerKey(context) : null));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// Reads the sign-in form before the limiter runs, so that the per-account rule can see the email without
    /// blocking on the request body.
    /// </summary>
    public static WebApplication UseAppRateLimiting(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (IsPost(context, AccountPages.SignIn) && context.Request.HasFormContentType)
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }

            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static PartitionedRateLimiter<HttpContext> Rule(string name, RateLimitRule rule, Func<HttpContext, string?> key) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            key(context) is { } partition
                ? RateLimitPartition.GetFixedWindowLimiter($"{name}:{partition}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, rule.PermitLimit),
                    Window = rule.Window > TimeSpan.Zero ? rule.Window : TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(""));

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Items[RetryAfterItem] = seconds;
        if (IsApi(context))
        {
            await TypedResults.Problem(
                    title: "Too many requests",
                    detail: $"Too many requests from this caller. Try again in {seconds} seconds.",
                    statusCode: StatusCodes.Status429TooManyRequests)
                .ExecuteAsync(context);
        }

        // Elsewhere the body stays empty and the status-code pages show the error page for 429.
    }

    /// <summary>Where the rejection leaves the number of seconds to wait, for the error page.</summary>
    public const string RetryAfterItem = "ComputeMarket.RetryAfterSeconds";

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static bool IsPost(HttpContext context, string[] pages) =>
        HttpMethods.IsPost(context.Request.Method)
        && pages.Any(page => context.Request.Path.Equals(page, StringComparison.OrdinalIgnoreCase));

    private static bool IsInvitationPost(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && context.Request.Path.StartsWithSegments("/invitations", StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.HasValue && rest.Value!.Length > 1;

    /// <summary>The normalized email, as Identity looks accounts up; a form without one counts under an empty name.</summary>
    private static string AccountKey(HttpContext context)
    {
        var email = context.Request.HasFormContentType ? context.Request.Form["Input.Email"].ToString().Trim() : "";
        var normalizer = context.RequestServices.GetRequiredService<ILookupNormalizer>();
        return normalizer.NormalizeEmail(email) ?? "";
    }

    /// <summary>
    /// The client's address (after trusted forwarded headers). An IPv6 client counts by its /64 network: one host
    /// usually holds a whole /64 and could otherwise take a fresh address for every request.
    /// </summary>
    internal static string AddressKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    /// <summary>
    /// An API key sent as a bearer token (metering agents; counted by a hash of the key, which is never kept), else the
    /// signed-in person, else the client address.
    /// </summary>
    private static string CallerKey(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > "Bearer ".Length)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim()));
            return "key:" + Convert.ToHexString(hash, 0, 16);
        }

        return context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? "user:" + userId
            : "address:" + AddressKey(context);
    }
}

/// <summary>The Identity pages whose posts are limited.</summary>
internal static class AccountPages
{
    public static readonly string[] SignIn = ["/Identity/Account/Login"];

    public static readonly string[] SignInSteps = ["/Identity/Account/Login", "/Identity/Account/LoginWith2fa", "/Identity/Account/LoginWithRecoveryCode"];

    public static readonly string[] SignUp = ["/Identity/Account/Register"];

    public static readonly string[] PasswordReset = ["/Identity/Account/ForgotPassword", "/Identity/Account/ResetPassword", "/Identity/Account/ResendEmailConfirmation"];
}
