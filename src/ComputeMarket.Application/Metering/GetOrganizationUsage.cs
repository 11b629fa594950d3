using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>
/// The usage page of an organization: its settled usage between two days per day, per allocation and per model,
/// for a member of it. The served side (tokens served, earnings after the fee, flagged tokens) is for verified
/// providers only; without a side, a verified provider sees what it served and anyone else what it bought.
/// </summary>
public sealed record GetOrganizationUsage(Guid OrganizationId, UsageSide? Side, DateOnly? From, DateOnly? To) : IRequest<Result<OrganizationUsage>>;

public sealed record OrganizationUsage(
    Guid OrganizationId,
    string OrganizationName,
    bool IsVerifiedProvider,
    UsageSide Side,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<UsageGroup> Days,
    IReadOnlyList<UsageGroup> Allocations,
    IReadOnlyList<UsageGroup> Models,
    UsageGroup Total)
{
    /// <summary>The rows of one grouping, as the page's tables and its export show them.</summary>
    public IReadOnlyList<UsageGroup> GroupedBy(UsageGrouping grouping) => grouping switch
    {
        UsageGrouping.Allocation => Allocations,
        UsageGrouping.Model => Models,
        _ => Days,
    };
}

public sealed class GetOrganizationUsageValidator : AbstractValidator<GetOrganizationUsage>
{
    public GetOrganizationUsageValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.Side).IsInEnum().WithMessage(_ => localizer["Choose usage bought or served."]);
        RuleFor(r => r.To).GreaterThanOrEqualTo(r => r.From).When(r => r.From is not null && r.To is not null)
            .WithMessage(_ => localizer["The last day comes on or after the first."]);
        RuleFor(r => r).Must(r => r.From is not { } from || r.To is not { } to || to.DayNumber - from.DayNumber < GetUsageSummary.MaxDays)
            .OverridePropertyName("To").WithMessage(_ => localizer["A summary covers at most {0} days.", GetUsageSummary.MaxDays]);
    }
}

internal sealed class GetOrganizationUsageHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    IRequestHandler<GetUsageSummary, Result<UsageSummary>> summaries,
    IStringLocalizer<Messages> localizer)
    : IRequestHandler<GetOrganizationUsage, Result<OrganizationUsage>>
{
    public async Task<Result<OrganizationUsage>> Handle(GetOrganizationUsage request, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == request.OrganizationId)
            .Select(o => new { o.Id, o.Name, o.IsVerifiedProvider })
            .SingleOrDefaultAsync(cancellationToken);
        if (organization is null)
        {
            return Result<OrganizationUsage>.NotFound(localizer["There is no such organization."]);
        }

        if (await db.RoleInAsync(organization.Id, currentUser.UserId, cancellationToken) is null)
        {
            return Result<OrganizationUsage>.Forbidden(localizer["You are not a member of this organization."]);
        }

        var side = request.Side ?? (organization.IsVerifiedProvider ? UsageSide.Served : UsageSide.Bought);
        if (side == UsageSide.Served && !organization.IsVerifiedProvider)
        {
            return Result<OrganizationUsage>.Forbidden(localizer["Only a verified provider serves usage."]);
        }

        // The three groupings of one range; the checks above are what the summary itself trusts.
        var groupings = new Dictionary<UsageGrouping, UsageSummary>();
        foreach (var grouping in new[] { UsageGrouping.Day, UsageGrouping.Allocation, UsageGrouping.Model })
        {
            var summary = await summaries.Handle(new GetUsageSummary(organization.Id, side, request.From, request.To, grouping), cancellationToken);
            if (!summary.Succeeded)
            {
                return Result<OrganizationUsage>.From(summary);
            }

            groupings[grouping] = summary.Value;
        }

        var days = groupings[UsageGrouping.Day];
        return new OrganizationUsage(
            organization.Id, organization.Name, organization.IsVerifiedProvider, side, days.From, days.To,
            days.Groups, groupings[UsageGrouping.Allocation].Groups, groupings[UsageGrouping.Model].Groups, days.Total);
    }
}
