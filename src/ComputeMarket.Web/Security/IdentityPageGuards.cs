using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Security;

/// <summary>
/// Guards around pages of Identity's default UI that would otherwise answer a 500 to requests anyone can send: the two-factor
/// steps without a pending sign-in, sign-out with a return address on another site, the pages that turn two-factor off
/// or renew recovery codes for someone who has no two-factor, the external sign-in handlers of "Your account"
/// without an external sign-in in progress or a sign-in method named, and an external login through a provider that
/// is not configured. The messages they leave are in the request's language.
/// </summary>
internal static class IdentityPageGuards
{
    public static void Apply(PageConventionCollection conventions)
    {
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/LoginWith2fa", page => page.Filters.Add(new PendingTwoFactorSignInRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/LoginWithRecoveryCode", page => page.Filters.Add(new PendingTwoFactorSignInRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Logout", page => page.Filters.Add(new LocalReturnUrlOnly()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Manage/Disable2fa", page => page.Filters.Add(new TwoFactorEnabledRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Manage/GenerateRecoveryCodes", page => page.Filters.Add(new TwoFactorEnabledRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Manage/ExternalLogins", page => page.Filters.Add(new ExternalLoginArgumentsRequired()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Manage/ExternalLogins", page => page.Filters.Add(new ConfiguredProviderOnly()));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/ExternalLogin", page => page.Filters.Add(new ConfiguredProviderOnly()));
    }

    private static RedirectToPageResult ToManagePage(PageHandlerExecutingContext context, string page, string message)
    {
        if (context.HandlerInstance is PageModel model)
        {
            var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(IdentityPageGuards));
            model.TempData["StatusMessage"] = text[message].Value;
        }

        return new RedirectToPageResult(page, new { area = "Identity" });
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

    /// <summary>Turning two-factor off or renewing recovery codes needs two-factor on; without it, go to its overview.</summary>
    private sealed class TwoFactorEnabledRequired : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
            if (await users.GetUserAsync(context.HttpContext.User) is { } user && !await users.GetTwoFactorEnabledAsync(user))
            {
                context.Result = ToManagePage(context, "/Account/Manage/TwoFactorAuthentication", "Two-factor authentication is not turned on for your account.");
                return;
            }

            await next();
        }
    }

    /// <summary>
    /// Linking needs an external sign-in in progress, removing needs the sign-in method named; without them, go back to
    /// the list of sign-in methods.
    /// </summary>
    private sealed class ExternalLoginArgumentsRequired : IAsyncPageFilter
    {
        private const string Page = "/Account/Manage/ExternalLogins";

        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            switch (context.HandlerMethod?.Name)
            {
                case "LinkLoginCallback":
                    var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
                    var userId = signIn.UserManager.GetUserId(context.HttpContext.User);
                    if (userId is null || await signIn.GetExternalLoginInfoAsync(userId) is null)
                    {
                        context.Result = ToManagePage(context, Page, "No external sign-in is waiting to be added.");
                        return;
                    }

                    break;
                case "RemoveLogin":
                    if (!Named(context, "loginProvider") || !Named(context, "providerKey"))
                    {
                        context.Result = ToManagePage(context, Page, "Choose the sign-in method to remove.");
                        return;
                    }

                    break;
            }

            await next();
        }

        private static bool Named(PageHandlerExecutingContext context, string argument) =>
            context.HandlerArguments.TryGetValue(argument, out var value) && value is string { Length: > 0 };
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
