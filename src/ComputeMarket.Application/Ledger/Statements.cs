using System.Globalization;
using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Ledger;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Ledger;

/// <summary>Which transfers a statement shows: a date range (days in the display zone, inclusive), a code, a page.</summary>
public sealed record StatementFilter(DateOnly? From = null, DateOnly? To = null, TransferCode? Code = null, int Page = 1, int PageSize = 25)
{
    public const int MaxPageSize = 200;

    /// <summary>The most rows an export writes.</summary>
    public const int MaxExportRows = 100_000;
}

/// <summary>
/// The dates a statement can be asked for, and a sane page. A request's validator includes it for its filter; the
/// messages are keyed by the filter's own field names (From, To, Page), as the statement pages name their fields.
/// </summary>
public sealed class StatementFilterValidator : AbstractValidator<StatementFilter>
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2999, 12, 31);

    public StatementFilterValidator(IStringLocalizer<Messages> localizer)
    {
        var earliest = Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var latest = Latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        RuleFor(f => f.From).InclusiveBetween(Earliest, Latest).When(f => f.From is not null)
            .WithMessage(_ => localizer["Choose a date between {0} and {1}.", earliest, latest]);
        RuleFor(f => f.To).InclusiveBetween(Earliest, Latest).When(f => f.To is not null)
            .WithMessage(_ => localizer["Choose a date between {0} and {1}.", earliest, latest]);
        RuleFor(f => f.To).GreaterThanOrEqualTo(f => f.From).When(f => f.From is not null && f.To is not null)
            .WithMessage(_ => localizer["The end date is before the start date."]);
        RuleFor(f => f.Page).InclusiveBetween(1, 1_000_000).WithMessage(_ => localizer["There is no such page."]);
        RuleFor(f => f.PageSize).InclusiveBetween(1, StatementFilter.MaxPageSize).WithMessage(_ => localizer["There is no such page."]);
    }
}

/// <summary>One line of a statement, from the point of view of the accounts the statement is for.</summary>
public sealed record StatementLine(
    long Sequence,
    Guid TransferId,
    DateTime TimestampUtc,
    Asset Asset,
    TransferCode Code,
    TransferFlags Flags,
    string Reference,
    long Amount,
    bool Incoming,
    AccountCode OwnAccount,
    AccountCode OtherAccount)
{
    /// <summary>Held (pending), posted, or released (voided).</summary>
    public string Phase => Flags switch
    {
        TransferFlags.Pending => "Hold",
        TransferFlags.VoidPending => "Released",
        TransferFlags.PostPending => "Posted from hold",
        _ => "Posted",
    };

    /// <summary>The signed effect on the posted balance: a hold or a release moves nothing posted.</summary>
    public long SignedAmount => Flags is TransferFlags.Pending or TransferFlags.VoidPending ? 0 : Incoming ? Amount : -Amount;
}

public sealed record StatementPage(IReadOnlyList<StatementLine> Lines, int Page, int PageSize, int TotalCount)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>The statement query shared by organizations' wallets and the audit console.</summary>
public static class Statements
{
    public static async Task<StatementPage> ForAccountsAsync(this IAppDbContext db, IReadOnlyCollection<long> accountIds, StatementFilter filter, DisplayZone zone, CancellationToken cancellationToken)
    {
        var query = Filtered(db, accountIds, filter, zone);
        var total = await query.CountAsync(cancellationToken);
        var size = Math.Clamp(filter.PageSize, 1, StatementFilter.MaxPageSize);
        var page = Math.Max(1, filter.Page);
        var lines = await Project(db, query.OrderByDescending(t => t.Sequence).Skip((page - 1) * size).Take(size), accountIds).ToListAsync(cancellationToken);
        return new StatementPage(lines, page, size, total);
    }

    /// <summary>Every matching line, newest first, streamed (for CSV exports).</summary>
    public static IAsyncEnumerable<StatementLine> AllForAccounts(this IAppDbContext db, IReadOnlyCollection<long> accountIds, StatementFilter filter, DisplayZone zone) =>
        Project(db, Filtered(db, accountIds, filter, zone).OrderByDescending(t => t.Sequence).Take(StatementFilter.MaxExportRows), accountIds).AsAsyncEnumerable();

    private static IQueryable<Transfer> Filtered(IAppDbContext db, IReadOnlyCollection<long> accountIds, StatementFilter filter, DisplayZone zone) =>
        db.Transfers.AsNoTracking().Where(t => accountIds.Contains(t.DebitAccountId) || accountIds.Contains(t.CreditAccountId)).Within(filter, zone);

    /// <summary>The transfers of the filter's days (midnight to midnight in the display zone) and kind.</summary>
    public static IQueryable<Transfer> Within(this IQueryable<Transfer> query, StatementFilter filter, DisplayZone zone)
    {
        if (filter.From is { } from)
        {
            var start = zone.StartOfDayUtc(from);
            query = query.Where(t => t.TimestampUtc >= start);
        }

        if (filter.To is { } to)
        {
            var end = zone.StartOfDayUtc(to.AddDays(1));
            query = query.Where(t => t.TimestampUtc < end);
        }

        if (filter.Code is { } code)
        {
            query = query.Where(t => t.Code == code);
        }

        return query;
    }

    private static IQueryable<StatementLine> Project(IAppDbContext db, IQueryable<Transfer> transfers, IReadOnlyCollection<long> accountIds) =>
        from t in transfers
        join debit in db.Accounts on t.DebitAccountId equals debit.Id
        join credit in db.Accounts on t.CreditAccountId equals credit.Id
        let incoming = accountIds.Contains(t.CreditAccountId)
        select new StatementLine(
            t.Sequence,
            t.Id,
            t.TimestampUtc,
            t.Asset,
            t.Code,
            t.Flags,
            t.Reference,
            t.Amount,
            incoming,
            incoming ? credit.Code : debit.Code,
            incoming ? debit.Code : credit.Code);
}
