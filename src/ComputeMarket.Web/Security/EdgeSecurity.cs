using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Security.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace ComputeMarket.Web.Security;

/// <summary>
/// What the site does at its edge: security headers, trusted proxies, cookie flags, no Server header, rate limits,
/// and the sign-in rules that keep accounts from being guessed, enumerated or locked away from their owners.
/// </summary>
public static class EdgeSecurity
{
    public const string CookieSecurePolicyKey = "Security:CookieSecurePolicy";

    public static WebApplicationBuilder AddEdgeSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.Configure<ForwardedHeadersOptions>(options => ForwardedHeadersSetup.Configure(options, configuration));
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));

        // Cookies travel only over HTTPS outside Development. A trial over plain HTTP (docker-compose on localhost)
        // can set Security:CookieSecurePolicy=SameAsRequest; a deployment behind TLS never should.
        var secure = configuration.GetValue(CookieSecurePolicyKey, builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        services.ConfigureAll<CookieAuthenticationOptions>(options => options.Cookie.SecurePolicy = secure);
        services.Configure<AntiforgeryOptions>(options =>
        {
            options.Cookie.SecurePolicy = secure;
            options.SuppressXFrameOptionsHeader = true;
        });
        services.Configure<CookieTempDataProviderOptions>(options => options.Cookie.SecurePolicy = secure);

        services.AddAppRateLimiting(configuration);
        services.AddAccountProtection();
        services.Configure<RazorPagesOptions>(options => IdentityPageGuards.Apply(options.Conventions));
        return builder;
    }

    /// <summary>Trusted forwarded headers first (so the client's address is right), then the headers on every response.</summary>
    public static WebApplication UseEdgeSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        return app;
    }

    private static IServiceCollection AddAccountProtection(this IServiceCollection services)
    {
        services.AddSingleton<UnknownAccountLockout>();
        services.AddScoped<AccountSignIn>();
        services.AddScoped<AccountMail>();
        services.AddScoped<NotifyingUserManager>();
        services.AddScoped<UserManager<AppUser>>(provider => provider.GetRequiredService<NotifyingUserManager>());
        return services;
    }
}
