using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using ComputeMarket.Application.Metering;
using ComputeMarket.Domain.Metering;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Security;

/// <summary>
/// The API's key authentication: <c>Authorization: Bearer &lt;key&gt;</c>. A live key signs the request in as its
/// organization with the key's scope; a missing, malformed, unknown or revoked key gets 401 (problem details, and
/// <c>WWW-Authenticate: Bearer</c>), a key of the wrong scope 403.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string KeyClaim = "cm:api-key";
    public const string OrganizationClaim = "cm:api-organization";
    public const string ScopeClaim = "cm:api-scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header is not a bearer token.");
        }

        var caller = await authenticator.AuthenticateAsync(header[bearer.Length..].Trim(), Context.RequestAborted);
        if (caller is null)
        {
            return AuthenticateResult.Fail("The key is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(KeyClaim, caller.KeyId.ToString()),
                new Claim(OrganizationClaim, caller.OrganizationId.ToString()),
                new Claim(ScopeClaim, caller.Scope.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}

public static class ApiKeyPrincipal
{
    /// <summary>The organization the calling key belongs to (the endpoint's policy guarantees a key signed the request in).</summary>
    public static Guid ApiOrganization(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.OrganizationClaim) ?? throw new InvalidOperationException("No API key signed this request in."), CultureInfo.InvariantCulture);

    public static ApiKeyScope ApiScope(this ClaimsPrincipal user) =>
        Enum.Parse<ApiKeyScope>(user.FindFirstValue(ApiKeyAuthenticationHandler.ScopeClaim) ?? throw new InvalidOperationException("No API key signed this request in."));
}
