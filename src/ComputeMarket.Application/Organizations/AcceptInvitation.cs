using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>A signed-in person joins the organization an invitation link points to.</summary>
public sealed record AcceptInvitation(string Token) : IRequest<Result<Guid>>;

internal sealed class AcceptInvitationHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<AcceptInvitation, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(AcceptInvitation request, CancellationToken cancellationToken)
    {
        if (currentUser.UserId is not { } userId)
        {
            return Result<Guid>.Forbidden(localizer["Sign in to accept an invitation."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var hash = SecretToken.Hash(request.Token);
            var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
            if (invitation is null)
            {
                return Result<Guid>.NotFound(localizer["This invitation link is not valid."]);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            if (invitation.StateAt(now) is var state and not InvitationState.Open)
            {
                return Result<Guid>.Conflict(state switch
                {
                    InvitationState.Expired => localizer["This invitation has expired. Ask the organization's owner for a new one."],
                    InvitationState.Revoked => localizer["This invitation was revoked. Ask the organization's owner for a new one."],
                    _ => localizer["This invitation has already been used. Ask the organization's owner for a new one."],
                });
            }

            var organization = await db.Organizations.Include(o => o.Memberships).SingleAsync(o => o.Id == invitation.OrganizationId, ct);
            if (organization.HasMember(userId))
            {
                return Result<Guid>.Conflict(localizer["You are already a member of this organization."]);
            }

            organization.AcceptInvitation(invitation, userId, now);
            try
            {
                if (!await unitOfWork.SaveAsync(ct))
                {
                    // Another request used the same link first (AcceptedAtUtc is a concurrency token).
                    return Result<Guid>.Conflict(localizer["This invitation was used a moment ago."]);
                }
            }
            catch (DbUpdateException)
            {
                // This person joined through a second tab a moment ago (unique membership index).
                return Result<Guid>.Conflict(localizer["You joined this organization a moment ago."]);
            }

            return organization.Id;
        }, cancellationToken);
    }
}
