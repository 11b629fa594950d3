using System.Globalization;
using ComputeMarket.Application.Common.Display;
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
    /// <summary>The earliest day a range may name; usage is younger than the platform.</summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public GetOrganizationUsageValidator(IStringLocalizer<Messages> localizer, TimeProvider clock, DisplayZone zone)
    {
        // The range the summary will use, the days left out filled in as it fills them (the last 30 days up to today).
        DateOnly Today() => zone.DayOf(clock.GetUtcNow().UtcDateTime);
        DateOnly LastDay() => Today().AddDays(GetUsageSummary.MaxDays);
        bool Readable(DateOnly? day) => day is not { } d || (d >= FirstDay && d <= LastDay());
        (DateOnly From, DateOnly To) Range(GetOrganizationUsage r)
        {
            var to = r.To ?? Today();
            return (r.From ?? to.AddDays(-29), to);
        }

        RuleFor(r => r.Side).IsInEnum().WithMessage(_ => localizer["Choose usage bought or served."]);
        RuleFor(r => r.From).Must(Readable)
            .WithMessage(_ => localizer["Choose a day between {0} and {1}.", FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), LastDay().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
        RuleFor(r => r.To).Must(Readable)
            .WithMessage(_ => localizer["Choose a day between {0} and {1}.", FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), LastDay().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
        When(r => Readable(r.From) && Readable(r.To), () =>
        {
            RuleFor(r => r).Must(r => Range(r) is var (from, to) && to >= from)
                .OverridePropertyName("To").WithMessage(_ => localizer["The last day comes on or after the first."]);
            RuleFor(r => r).Must(r => Range(r) is var (from, to) && to.DayNumber - from.DayNumber < GetUsageSummary.MaxDays)
                .OverridePropertyName("To").WithMessage(_ => localizer["A summary covers at most {0} days.", GetUsageSummary.MaxDays]);
        });
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
