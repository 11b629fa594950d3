using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>How a usage summary is grouped.</summary>
public enum UsageGrouping
{
    Day,
    Allocation,
    Model,
}

/// <summary>Whose point of view: the organization's purchases, or the usage it served as a provider.</summary>
public enum UsageSide
{
    Bought,
    Served,
}

/// <summary>
/// Settled usage of an organization between two days (in the display zone, both included), grouped by the day it
/// occurred, by allocation or by served model: tokens in and out, the amount charged, and for served usage the
/// platform's fee and the provider's earnings. Late events (reported after their allocation closed) are counted apart
/// and bill nothing; over-quota tokens are counted apart and bill only while the hold lasts.
/// </summary>
/// <remarks>
/// Amounts are exact and add up to what the ledger moved: per allocation, the amount of a day is the charge of the
/// usage up to the end of that day less the charge up to its start (each floored and capped at the hold, as
/// settlement charges), so sub-fen remainders carry across days as they do across batches. The caller (a page, or an
/// API key) has been checked: this query trusts <see cref="OrganizationId"/>.
/// </remarks>
public sealed record GetUsageSummary(Guid OrganizationId, UsageSide Side, DateOnly? From, DateOnly? To, UsageGrouping GroupBy = UsageGrouping.Day)
    : IRequest<Result<UsageSummary>>
{
    public const int MaxDays = 366;
}

public sealed record UsageGroup(string Key, string Label, long InputTokens, long OutputTokens, long Amount, long Fee, long FlaggedTokens)
{
    public long Tokens => InputTokens + OutputTokens;

    /// <summary>What the provider keeps: the amount less the platform's fee.</summary>
    public long Earnings => Amount - Fee;
}

public sealed record UsageSummary(DateOnly From, DateOnly To, UsageSide Side, UsageGrouping GroupBy, IReadOnlyList<UsageGroup> Groups, UsageGroup Total);

public sealed class GetUsageSummaryValidator : AbstractValidator<GetUsageSummary>
{
    public GetUsageSummaryValidator(IStringLocalizer<Messages> localizer, TimeProvider clock, DisplayZone zone)
    {
        RuleFor(r => r.GroupBy).IsInEnum().WithMessage(_ => localizer["Group by day, allocation or model."]);
        RuleFor(r => r.Side).IsInEnum().WithMessage(_ => localizer["Group by day, allocation or model."]);
        this.AddUsageRangeRules(r => r.From, r => r.To, localizer, clock, zone);
    }
}

internal sealed class GetUsageSummaryHandler(IAppDbContext db, TimeProvider clock, DisplayZone zone)
    : IRequestHandler<GetUsageSummary, Result<UsageSummary>>
{
    public async Task<Result<UsageSummary>> Handle(GetUsageSummary request, CancellationToken cancellationToken)
    {
        var today = zone.DayOf(clock.GetUtcNow().UtcDateTime);
        var to = request.To ?? today;
        var from = request.From ?? to.AddDays(-29);
        var endUtc = zone.StartOfDayUtc(to.AddDays(1));
        var offset = zone.Zone.BaseUtcOffset.TotalHours;

        var allocations = await (request.Side == UsageSide.Bought
                ? db.Allocations.Where(a => a.BuyerOrganizationId == request.OrganizationId)
                : db.Allocations.Where(a => a.ProviderOrganizationId == request.OrganizationId))
            .AsNoTracking()
            .Where(a => a.CreatedAtUtc < endUtc)
            .Join(db.Offers, a => a.OfferId, o => o.Id, (a, o) => new AllocationTerms(a.Id, a.AccessKeyPrefix, o.ServedModel, a.Kind, a.QuotaTokens, a.HoldAmount, a.InputPricePerMillion, a.OutputPricePerMillion, a.FeeBasisPoints))
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        var ids = allocations.Keys.ToList();

        // Settled usage per allocation and day (the day it occurred, in the display zone's standard offset).
        var rows = new List<DayRow>();
        foreach (var chunk in ids.Chunk(500))
        {
            rows.AddRange(await db.UsageEvents.AsNoTracking()
                .Where(e => chunk.Contains(e.AllocationId) && e.SettlementBatchId != null && e.OccurredAtUtc < endUtc)
                .GroupBy(e => new { e.AllocationId, Day = e.OccurredAtUtc.AddHours(offset).Date, Late = (e.Flags & UsageFlags.Late) != 0 })
                .Select(g => new DayRow(g.Key.AllocationId, g.Key.Day, g.Key.Late, g.Sum(e => e.InputTokens), g.Sum(e => e.OutputTokens)))
                .ToListAsync(cancellationToken));
        }

        var lines = new List<(AllocationTerms Terms, DateOnly Day, long Input, long Output, long Amount, long Fee, long Flagged)>();
        foreach (var perAllocation in rows.GroupBy(r => r.AllocationId))
        {
            var terms = allocations[perAllocation.Key];
            long input = 0, output = 0, charged = 0, fee = 0;
            foreach (var day in perAllocation.GroupBy(r => DateOnly.FromDateTime(r.Day)).OrderBy(d => d.Key))
            {
                var billed = day.Where(r => !r.Late).ToList();
                var late = day.Where(r => r.Late).Sum(r => r.Input + r.Output);
                var before = input + output;
                input += billed.Sum(r => r.Input);
                output += billed.Sum(r => r.Output);
                var value = terms.Value(input, output);
                var feeSoFar = PlatformFeeRate.Fee(value, terms.FeeBasisPoints);
                var overQuota = Math.Max(0, input + output - Math.Max(before, terms.Quota));
                if (day.Key >= from && day.Key <= to)
                {
                    lines.Add((terms, day.Key, billed.Sum(r => r.Input), billed.Sum(r => r.Output), value - charged, feeSoFar - fee, late + overQuota));
                }

                charged = value;
                fee = feeSoFar;
            }
        }

        var groups = request.GroupBy switch
        {
            UsageGrouping.Allocation => lines.GroupBy(l => (Key: l.Terms.Id.ToString(), Label: $"{l.Terms.Model} · {l.Terms.KeyPrefix}")),
            UsageGrouping.Model => lines.GroupBy(l => (Key: l.Terms.Model, Label: l.Terms.Model)),
            _ => lines.GroupBy(l => (Key: l.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Label: l.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))),
        };
        var result = groups
            .Select(g => new UsageGroup(g.Key.Key, g.Key.Label, g.Sum(l => l.Input), g.Sum(l => l.Output), g.Sum(l => l.Amount), g.Sum(l => l.Fee), g.Sum(l => l.Flagged)))
            .ToList();
        if (request.GroupBy == UsageGrouping.Day)
        {
            // Every day of the range, so a chart's axis has no gaps.
            var byDay = result.ToDictionary(g => g.Key);
            result = [.. Enumerable.Range(0, to.DayNumber - from.DayNumber + 1)
                .Select(i => from.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .Select(day => byDay.GetValueOrDefault(day) ?? new UsageGroup(day, day, 0, 0, 0, 0, 0))];
        }
        else
        {
            result = [.. result.OrderByDescending(g => g.Amount).ThenByDescending(g => g.Tokens).ThenBy(g => g.Key, StringComparer.Ordinal)];
        }

        var total = new UsageGroup("total", "total", result.Sum(g => g.InputTokens), result.Sum(g => g.OutputTokens), result.Sum(g => g.Amount), result.Sum(g => g.Fee), result.Sum(g => g.FlaggedTokens));
        return new UsageSummary(from, to, request.Side, request.GroupBy, result, total);
    }

    private sealed record DayRow(Guid AllocationId, DateTime Day, bool Late, long Input, long Output);

    private sealed record AllocationTerms(Guid Id, string KeyPrefix, string Model, AllocationKind Kind, long Quota, long Hold, long InputPrice, long OutputPrice, int FeeBasisPoints)
    {
        /// <summary>What usage up to these totals has cost, as settlement charges it.</summary>
        public long Value(long input, long output) => Kind == AllocationKind.OnDemand
            ? Math.Min(Hold, Pricing.Charge(input, output, InputPrice, OutputPrice))
            : Pricing.PackageValue(input + output, Quota, Hold);
    }
}
