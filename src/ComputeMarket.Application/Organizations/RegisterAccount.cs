using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>
/// Someone signs up. Either they found an organization (and own it), or they arrive through an invitation
/// link (and join that organization as a member). The person and the organization are written together or
/// not at all.
/// </summary>
public sealed record RegisterAccount(
    string Email,
    string Password,
    string DisplayName,
    string? OrganizationName,
    string? InvitationToken = null) : IRequest<Result<RegisteredAccount>>;

public sealed record RegisteredAccount(string UserId, Guid OrganizationId);

public sealed class RegisterAccountValidator : AbstractValidator<RegisterAccount>
{
    public RegisterAccountValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.Email).NotEmpty().WithMessage(_ => localizer["Enter your email address."])
            .EmailAddress().WithMessage(_ => localizer["Enter a valid email address."])
            .MaximumLength(256).WithMessage(_ => localizer["An email address has at most 256 characters."]);
        RuleFor(r => r.Password).NotEmpty().WithMessage(_ => localizer["Choose a password."]);
        RuleFor(r => r.DisplayName).NotEmpty().WithMessage(_ => localizer["Enter your name."])
            .MaximumLength(100).WithMessage(_ => localizer["Your name has at most 100 characters."]);
        When(r => string.IsNullOrWhiteSpace(r.InvitationToken), () =>
            RuleFor(r => r.OrganizationName)
                .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage(_ => localizer["Enter your organization's name."])
                .Must(name => name is null || name.Trim().Length is >= Organization.NameMinLength and <= Organization.NameMaxLength)
                .WithMessage(_ => localizer["An organization name has {0} to {1} characters.", Organization.NameMinLength, Organization.NameMaxLength]));
    }
}

internal sealed class RegisterAccountHandler(IAppDbContext db, IUnitOfWork unitOfWork, IIdentityService identity, LedgerService ledger, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<RegisterAccount, Result<RegisteredAccount>>
{
    public Task<Result<RegisteredAccount>> Handle(RegisterAccount request, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(async ct =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            Invitation? invitation = null;
            if (!string.IsNullOrWhiteSpace(request.InvitationToken))
            {
                var hash = SecretToken.Hash(request.InvitationToken);
                invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
                if (invitation is null || invitation.StateAt(now) != InvitationState.Open)
                {
                    return Result<RegisteredAccount>.Invalid(nameof(request.InvitationToken), localizer["This invitation link is no longer valid. Ask the organization's owner for a new one."]);
                }
            }

            var created = await identity.CreateUserAsync(request.Email.Trim(), request.Password, request.DisplayName.Trim(), ct);
            if (!created.Succeeded)
            {
                return Result<RegisteredAccount>.From(created);
            }

            var userId = created.Value;
            Organization organization;
            if (invitation is not null)
            {
                organization = await db.Organizations
                    .Include(o => o.Memberships)
                    .SingleAsync(o => o.Id == invitation.OrganizationId, ct);
                organization.AcceptInvitation(invitation, userId, now);
            }
            else
            {
                organization = Organization.Found(request.OrganizationName!, userId, now);
                db.Organizations.Add(organization);
                await ledger.OpenOrganizationAccountsAsync(organization.Id, ct);
            }

            return await unitOfWork.SaveAsync(ct)
                ? new RegisteredAccount(userId, organization.Id)
                : Result<RegisteredAccount>.Conflict(localizer["This invitation was used a moment ago. Ask the organization's owner for a new one."]);
        }, cancellationToken);
}
