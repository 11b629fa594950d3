using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>An owner asks for a link that lets one more person join, in the role the owner chooses.</summary>
public sealed record CreateInvitation(Guid OrganizationId, int ValidForDays = 7, MembershipRole Role = MembershipRole.Viewer) : IRequest<Result<CreatedInvitation>>;

/// <summary>The token is the secret part of the link; it is shown once and never stored.</summary>
public sealed record CreatedInvitation(Guid InvitationId, string Token, DateTime ExpiresAtUtc);

public sealed class CreateInvitationValidator : AbstractValidator<CreateInvitation>
{
    public CreateInvitationValidator(IStringLocalizer<Messages> localizer)
    {
        var longest = (int)Invitation.LongestValidity.TotalDays;
        RuleFor(r => r.ValidForDays).InclusiveBetween(1, longest)
            .WithMessage(_ => localizer["An invitation is valid for 1 to {0} days.", longest]);
        RuleFor(r => r.Role).IsInEnum().WithMessage(_ => localizer["Choose owner, purchaser or viewer."]);
    }
}

internal sealed class CreateInvitationHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<CreateInvitation, Result<CreatedInvitation>>
{
    public async Task<Result<CreatedInvitation>> Handle(CreateInvitation request, CancellationToken cancellationToken)
    {
        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var organization = await db.Organizations
                .Include(o => o.Memberships)
                .SingleOrDefaultAsync(o => o.Id == request.OrganizationId, ct);
            if (organization is null)
            {
                return Result<CreatedInvitation>.NotFound(localizer["There is no such organization."]);
            }

            var me = organization.Memberships.SingleOrDefault(m => m.UserId == currentUser.UserId);
            if (me is not { IsOwner: true })
            {
                return Result<CreatedInvitation>.Forbidden(localizer["Only an owner of the organization can invite members."]);
            }

            var token = SecretToken.New();
            var invitation = organization.Invite(me.UserId, SecretToken.Hash(token), clock.GetUtcNow().UtcDateTime, TimeSpan.FromDays(request.ValidForDays), request.Role);
            db.Invitations.Add(invitation);
            await unitOfWork.SaveAsync(ct);
            return new CreatedInvitation(invitation.Id, token, invitation.ExpiresAtUtc);
        }, cancellationToken);
    }
}
