using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>What an invitation link leads to, shown before the person accepts it.</summary>
public sealed record GetInvitation(string Token) : IRequest<Result<InvitationView>>;

public sealed record InvitationView(Guid OrganizationId, string OrganizationName, InvitationState State, DateTime ExpiresAtUtc, bool AlreadyMember);

internal sealed class GetInvitationHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<GetInvitation, Result<InvitationView>>
{
    public async Task<Result<InvitationView>> Handle(GetInvitation request, CancellationToken cancellationToken)
    {
        var hash = SecretToken.Hash(request.Token);
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is null)
        {
            return Result<InvitationView>.NotFound(localizer["This invitation link is not valid."]);
        }

        var name = await db.Organizations.Where(o => o.Id == invitation.OrganizationId).Select(o => o.Name).SingleAsync(cancellationToken);
        var alreadyMember = await db.RoleInAsync(invitation.OrganizationId, currentUser.UserId, cancellationToken) is not null;
        return new InvitationView(invitation.OrganizationId, name, invitation.StateAt(clock.GetUtcNow().UtcDateTime), invitation.ExpiresAtUtc, alreadyMember);
    }
}
