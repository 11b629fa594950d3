using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>An owner withdraws a link that has not been used yet.</summary>
public sealed record RevokeInvitation(Guid OrganizationId, Guid InvitationId) : IRequest<Result>;

internal sealed class RevokeInvitationHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<RevokeInvitation, Result>
{
    public async Task<Result> Handle(RevokeInvitation request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken) != MembershipRole.Owner)
        {
            return Result.Forbidden(localizer["Only an owner of the organization can revoke invitations."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var invitation = await db.Invitations.SingleOrDefaultAsync(
                i => i.Id == request.InvitationId && i.OrganizationId == request.OrganizationId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (invitation is null)
            {
                return Result.NotFound(localizer["There is no such invitation."]);
            }

            if (invitation.StateAt(now) != InvitationState.Open)
            {
                return Result.Conflict(localizer["This invitation is no longer open."]);
            }

            invitation.Revoke(now);
            return await unitOfWork.SaveAsync(ct) ? Result.Ok() : Result.Conflict(localizer["This invitation changed a moment ago."]);
        }, cancellationToken);
    }
}
