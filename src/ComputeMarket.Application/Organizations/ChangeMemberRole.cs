using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Common;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>An owner makes a member an owner, a purchaser or a viewer; the organization always keeps an owner.</summary>
public sealed record ChangeMemberRole(Guid OrganizationId, string MemberUserId, MembershipRole Role) : IRequest<Result>;

public sealed class ChangeMemberRoleValidator : AbstractValidator<ChangeMemberRole>
{
    public ChangeMemberRoleValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.MemberUserId).NotEmpty().WithMessage(_ => localizer["Choose a member."])
            .MaximumLength(450).WithMessage(_ => localizer["Choose a member."]);
        RuleFor(r => r.Role).IsInEnum().WithMessage(_ => localizer["Choose owner, purchaser or viewer."]);
    }
}

internal sealed class ChangeMemberRoleHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer) : IRequestHandler<ChangeMemberRole, Result>
{
    public async Task<Result> Handle(ChangeMemberRole request, CancellationToken cancellationToken)
    {
        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var organization = await db.Organizations.Include(o => o.Memberships).SingleOrDefaultAsync(o => o.Id == request.OrganizationId, ct);
            if (organization is null)
            {
                return Result.NotFound(localizer["There is no such organization."]);
            }

            if (organization.Memberships.SingleOrDefault(m => m.UserId == currentUser.UserId) is not { IsOwner: true })
            {
                return Result.Forbidden(localizer["Only an owner of the organization can change roles."]);
            }

            if (!organization.HasMember(request.MemberUserId))
            {
                return Result.NotFound(localizer["This person is not a member of the organization."]);
            }

            MembershipRole before;
            try
            {
                before = organization.ChangeRole(currentUser.UserId!, request.MemberUserId, request.Role);
            }
            catch (DomainException refused)
            {
                return Result.Invalid(string.Empty, localizer[refused.Message]);
            }

            if (before == request.Role)
            {
                return Result.Ok();
            }

            db.Record(clock.GetUtcNow().UtcDateTime, currentUser.UserId!, "Organization.ChangeMemberRole", $"organization:{organization.Id}", new { Member = request.MemberUserId, Role = before.ToString() }, new { Member = request.MemberUserId, Role = request.Role.ToString() });
            return await unitOfWork.SaveAsync(ct)
                ? Result.Ok()
                : Result.Conflict(localizer["The organization's members changed a moment ago. Reload and try again."]);
        }, cancellationToken);
    }
}
