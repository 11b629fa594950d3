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
        RuleFor(r => r.Side).IsInEnum().WithMessage(_ => localizer["Choose usage bought or served."]);
        this.AddUsageRangeRules(r => r.From, r => r.To, localizer, clock, zone);
    }

    /// <summary>The range the summary will use, the days left out filled in as it fills them (the last 30 days up to today).</summary>
    internal static (DateOnly From, DateOnly To) Range(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var last = to ?? today;
        return (from ?? last.AddDays(-29), last);
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

/// <summary>The day-range rules every usage summary shares (the page's and the API's): readable days, in order, at most a year.</summary>
internal static class UsageRangeRules
{
    public static void AddUsageRangeRules<T>(this AbstractValidator<T> validator, Func<T, DateOnly?> from, Func<T, DateOnly?> to, IStringLocalizer<Messages> localizer, TimeProvider clock, DisplayZone zone)
    {
        DateOnly Today() => zone.DayOf(clock.GetUtcNow().UtcDateTime);
        DateOnly LastDay() => Today().AddDays(GetUsageSummary.MaxDays);
        bool Readable(DateOnly? day) => day is not { } d || (d >= GetOrganizationUsageValidator.FirstDay && d <= LastDay());
        string Message() => localizer["Choose a day between {0} and {1}.", GetOrganizationUsageValidator.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), LastDay().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];

        validator.RuleFor(r => from(r)).Must(Readable).OverridePropertyName("From").WithMessage(_ => Message());
        validator.RuleFor(r => to(r)).Must(Readable).OverridePropertyName("To").WithMessage(_ => Message());
        validator.When(r => Readable(from(r)) && Readable(to(r)), () =>
        {
            validator.RuleFor(r => r).Must(r => GetOrganizationUsageValidator.Range(from(r), to(r), Today()) is var (first, last) && last >= first)
                .OverridePropertyName("To").WithMessage(_ => localizer["The last day comes on or after the first."]);
            validator.RuleFor(r => r).Must(r => GetOrganizationUsageValidator.Range(from(r), to(r), Today()) is var (first, last) && last.DayNumber - first.DayNumber < GetUsageSummary.MaxDays)
                .OverridePropertyName("To").WithMessage(_ => localizer["A summary covers at most {0} days.", GetUsageSummary.MaxDays]);
        });
    }
}
