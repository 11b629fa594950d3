using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Web.Results;
using ComputeMarket.Web.Security;
using MediatR;

namespace ComputeMarket.Web.Api;

/// <summary>Organization endpoints for signed-in people (cookie); metering agents use API keys on their own endpoints.</summary>
public static class OrganizationEndpoints
{
    public static RouteGroupBuilder MapOrganizationEndpoints(this RouteGroupBuilder api)
    {
        var organizations = api.MapGroup("/organizations/{orgId:guid}").WithTags("Organizations");

        organizations.MapGet("/", async (Guid orgId, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetOrganizationOverview(orgId), cancellationToken)).ToHttpResult(TypedResults.Ok))
            .RequireAuthorization(Policies.OrganizationMember);

        organizations.MapPost("/invitations", async (Guid orgId, InvitationRequest body, IMediator mediator, HttpContext http, CancellationToken cancellationToken) =>
                (await mediator.Send(new CreateInvitation(orgId, body.ValidForDays ?? 7, body.Role ?? MembershipRole.Viewer), cancellationToken))
                    .ToHttpResult(created => TypedResults.Created(
                        $"/api/v1/organizations/{orgId}/invitations/{created.InvitationId}",
                        new InvitationResponse(created.InvitationId, InvitationLinks.For(http.Request, created.Token), created.ExpiresAtUtc, body.Role ?? MembershipRole.Viewer))))
            .RequireAuthorization(Policies.OrganizationOwner);

        return api;
    }

    /// <summary>Defaults: valid for 7 days, joining as a viewer.</summary>
    public sealed record InvitationRequest(int? ValidForDays, MembershipRole? Role);

    public sealed record InvitationResponse(Guid Id, string Link, DateTime ExpiresAtUtc, MembershipRole Role);
}

public static class InvitationLinks
{
    public static string For(HttpRequest request, string token) => $"{request.Scheme}://{request.Host}/invitations/{token}";
}
