using System.Globalization;
using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>
/// Settlement batches, newest first, for auditors and administrators: optionally those started within a range of days
/// (inclusive, midnight to midnight in the display zone), with the totals of every batch the range holds.
/// </summary>
public sealed record GetSettlementBatches(DateOnly? From = null, DateOnly? To = null, int Page = 1) : IRequest<Result<SettlementBatchesPage>>
{
    public const int PageSize = 50;
}

/// <summary>One batch as the list shows it.</summary>
public sealed record SettlementBatchRow(
    Guid Id,
    SettlementKind Kind,
    DateTime StartedAtUtc,
    long DurationMilliseconds,
    int EventCount,
    int AllocationCount,
    long InputTokens,
    long OutputTokens,
    long ChargedAmount,
    long FeeAmount,
    long FlaggedTokens)
{
    public long Tokens => InputTokens + OutputTokens;
}

/// <summary>What every batch of the range adds up to.</summary>
public sealed record SettlementTotals(int Batches, long Events, long Allocations, long InputTokens, long OutputTokens, long ChargedAmount, long FeeAmount, long FlaggedTokens, long DurationMilliseconds)
{
    public static readonly SettlementTotals None = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public long Tokens => InputTokens + OutputTokens;
}

public sealed record SettlementBatchesPage(IReadOnlyList<SettlementBatchRow> Rows, SettlementTotals Totals, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Totals.Batches + PageSize - 1) / PageSize);
}

/// <summary>The range's and the page's rules, keyed by the fields the list's filter names (From, To, Page).</summary>
public sealed class GetSettlementBatchesValidator : AbstractValidator<GetSettlementBatches>
{
    public GetSettlementBatchesValidator(IStringLocalizer<Messages> localizer)
    {
        var earliest = StatementFilterValidator.Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var latest = StatementFilterValidator.Latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        RuleFor(r => r.From).InclusiveBetween(StatementFilterValidator.Earliest, StatementFilterValidator.Latest).When(r => r.From is not null)
            .WithMessage(_ => localizer["Choose a date between {0} and {1}.", earliest, latest]);
        RuleFor(r => r.To).InclusiveBetween(StatementFilterValidator.Earliest, StatementFilterValidator.Latest).When(r => r.To is not null)
            .WithMessage(_ => localizer["Choose a date between {0} and {1}.", earliest, latest]);
        RuleFor(r => r.To).GreaterThanOrEqualTo(r => r.From).When(r => r.From is not null && r.To is not null)
            .WithMessage(_ => localizer["The end date is before the start date."]);
        RuleFor(r => r.Page).InclusiveBetween(1, 1_000_000).WithMessage(_ => localizer["There is no such page."]);
    }
}

internal sealed class GetSettlementBatchesHandler(IAppDbContext db, ICurrentUser currentUser, DisplayZone zone) : IRequestHandler<GetSettlementBatches, Result<SettlementBatchesPage>>
{
    public async Task<Result<SettlementBatchesPage>> Handle(GetSettlementBatches request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Result<SettlementBatchesPage>.Forbidden();
        }

        var batches = db.SettlementBatches.AsNoTracking();
        if (request.From is { } from)
        {
            var start = zone.StartOfDayUtc(from);
            batches = batches.Where(b => b.StartedAtUtc >= start);
        }

        if (request.To is { } to)
        {
            var end = zone.StartOfDayUtc(to.AddDays(1));
            batches = batches.Where(b => b.StartedAtUtc < end);
        }

        var totals = await batches.GroupBy(_ => 1)
            .Select(g => new SettlementTotals(
                g.Count(),
                g.Sum(b => (long)b.EventCount),
                g.Sum(b => (long)b.AllocationCount),
                g.Sum(b => b.InputTokens),
                g.Sum(b => b.OutputTokens),
                g.Sum(b => b.ChargedAmount),
                g.Sum(b => b.FeeAmount),
                g.Sum(b => b.FlaggedTokens),
                g.Sum(b => b.DurationMilliseconds)))
            .SingleOrDefaultAsync(cancellationToken) ?? SettlementTotals.None;

        var rows = await batches
            .OrderByDescending(b => b.StartedAtUtc).ThenByDescending(b => b.Id)
            .Skip((request.Page - 1) * GetSettlementBatches.PageSize).Take(GetSettlementBatches.PageSize)
            .Select(b => new SettlementBatchRow(b.Id, b.Kind, b.StartedAtUtc, b.DurationMilliseconds, b.EventCount, b.AllocationCount, b.InputTokens, b.OutputTokens, b.ChargedAmount, b.FeeAmount, b.FlaggedTokens))
            .ToListAsync(cancellationToken);
        return new SettlementBatchesPage(rows, totals, request.Page, GetSettlementBatches.PageSize);
    }
}
