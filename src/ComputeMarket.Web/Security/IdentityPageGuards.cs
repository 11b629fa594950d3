using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Security;

/// <summary>
/// Guards around pages of Identity's default UI that fail with a 500 on requests a stranger can send: the two-factor
/// steps without a pending sign-in, sign-out with a return address on another site, turning off the second factor
/// or generating recovery codes for a person who has no second factor, and an external login through a provider that
/// is not configured.
/// </summary>
internal static class IdentityPageGuards
{
    public static void Apply(PageConventionCollection conventions)
    {
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/LoginWith2fa", page => page.Filters.Add(new PendingTwoFactorSignInRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/LoginWithRecoveryCode", page => page.Filters.Add(new PendingTwoFactorSignInRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Logout", page => page.Filters.Add(new LocalReturnUrlOnly()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Manage/Disable2fa", page => page.Filters.Add(new SecondFactorRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Manage/GenerateRecoveryCodes", page => page.Filters.Add(new SecondFactorRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/ExternalLogin", page => page.Filters.Add(new ConfiguredProviderOnly()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Manage/ExternalLogins", page => page.Filters.Add(new ConfiguredProviderOnly()));
    }

    /// <summary>A login provider that is not configured is 404, not a challenge of a scheme that does not exist.</summary>
    private sealed class ConfiguredProviderOnly : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            if (context.HandlerArguments.TryGetValue("provider", out var value))
            {
                var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
                var schemes = await signIn.GetExternalAuthenticationSchemesAsync();
                if (value is not string provider || !schemes.Any(s => s.Name == provider))
                {
                    context.Result = new NotFoundResult();
                    return;
                }
            }

            await next();
        }
    }

    /// <summary>A person without a second factor is sent to the page that sets one up.</summary>
    private sealed class SecondFactorRequired : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
            if (await users.GetUserAsync(context.HttpContext.User) is { TwoFactorEnabled: false })
            {
                context.Result = new RedirectToPageResult("/Account/Manage/TwoFactorAuthentication", new { area = "Identity" });
                return;
            }

            await next();
        }
    }

    /// <summary>Without the cookie of a password sign-in waiting for its second factor, go to the sign-in page.</summary>
    private sealed class PendingTwoFactorSignInRequired : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
            if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
            {
                context.Result = new RedirectToPageResult("/Account/Login", new { area = "Identity" });
                return;
            }

            await next();
        }
    }

    /// <summary>A return address that is not on this site is dropped; the person lands on the home page.</summary>
    private sealed class LocalReturnUrlOnly : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            if (context.HandlerArguments.TryGetValue("returnUrl", out var value)
                && value is string returnUrl
                && context.HandlerInstance is PageModel page
                && !page.Url.IsLocalUrl(returnUrl))
            {
                context.HandlerArguments["returnUrl"] = "~/";
            }
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }
}
