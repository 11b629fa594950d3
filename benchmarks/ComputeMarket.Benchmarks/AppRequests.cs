using System.Security.Claims;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Infrastructure.Identity;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// Sends the app's own requests through its MediatR pipeline from a fresh DI scope, as a page does: anonymously (as a
/// background job does) or as a person, whose signed-in principal is built by Identity exactly as the sign-in cookie
/// would carry it. For setting the stage; what is measured goes over HTTP or says that it does not.
/// </summary>
internal static class AppRequests
{
    public static async Task<T> SendAsync<T>(IServiceProvider services, IRequest<T> request)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    public static async Task<T> SendAsAsync<T>(IServiceProvider services, string email, IRequest<T> request) =>
        await SendAsAsync(services, await PrincipalAsync(services, email), request);

    /// <summary>The person as their sign-in cookie carries them: user id, name, security stamp, roles.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
            ?? throw new BenchmarkFailure($"There is no account {email}.");
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
    }

    public static async Task<T> SendAsAsync<T>(IServiceProvider services, ClaimsPrincipal principal, IRequest<T> request)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;

        // The app learns who is asking from the current HTTP context (ICurrentUser); set in this async flow only.
        var accessor = provider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { User = principal, RequestServices = provider };
        try
        {
            return await provider.GetRequiredService<IMediator>().Send(request);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    /// <summary>The value of a use case that must succeed while setting the stage.</summary>
    public static T Expect<T>(Result<T> result, string what) =>
        result.Succeeded ? result.Value : throw new BenchmarkFailure($"{what} was refused ({result.Status}): {Describe(result)}");

    public static void Expect(Result result, string what)
    {
        if (!result.Succeeded)
        {
            throw new BenchmarkFailure($"{what} was refused ({result.Status}): {Describe(result)}");
        }
    }

    private static string Describe(Result result) =>
        string.Join(" ", new[] { result.Message ?? "" }.Concat(result.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
}
