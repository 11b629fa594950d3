using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>An owner sets (or clears, with empty values) the monthly spending limit and the low-balance threshold.</summary>
public sealed record SetSpendingControls(Guid OrganizationId, string? MonthlyLimit, string? LowBalanceThreshold) : IRequest<Result>;

public sealed class SetSpendingControlsValidator : AbstractValidator<SetSpendingControls>
{
    public SetSpendingControlsValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.MonthlyLimit!).Must(v => Money.TryParse(v, "XXX", out _)).When(r => !string.IsNullOrWhiteSpace(r.MonthlyLimit))
            .WithMessage(_ => localizer["Enter the monthly limit in CNY, e.g. 10000, or leave it empty for no limit."]);
        RuleFor(r => r.LowBalanceThreshold!).Must(v => Money.TryParse(v, "XXX", out _)).When(r => !string.IsNullOrWhiteSpace(r.LowBalanceThreshold))
            .WithMessage(_ => localizer["Enter the threshold in CNY, e.g. 500, or leave it empty for none."]);
    }
}

internal sealed class SetSpendingControlsHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<SetSpendingControls, Result>
{
    public async Task<Result> Handle(SetSpendingControls request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken) != MembershipRole.Owner)
        {
            return Result.Forbidden(localizer["Only an owner can set spending controls."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var organization = await db.Organizations.SingleAsync(o => o.Id == request.OrganizationId, ct);
            organization.SetSpendingControls(Parse(request.MonthlyLimit), Parse(request.LowBalanceThreshold));
            return await unitOfWork.SaveAsync(ct) ? Result.Ok() : Result.Conflict(localizer["The organization changed a moment ago. Reload and try again."]);
        }, cancellationToken);
    }

    private static long? Parse(string? text) => string.IsNullOrWhiteSpace(text) ? null : Money.TryParse(text, "XXX", out var money) ? money.MinorUnits : null;
}
