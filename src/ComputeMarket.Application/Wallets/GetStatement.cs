using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Wallets;

/// <summary>
/// One of an organization's accounts (its CNY wallet unless another is chosen), line by line from the account
/// holder's point of view, newest first: what each transfer did to the balance, to what is on hold, and the balance
/// after it. With <see cref="All"/> the lines are streamed for an export instead of paged.
/// </summary>
public sealed record GetStatement(Guid OrganizationId, StatementFilter Filter, Asset Asset = Asset.Money, AccountCode Account = AccountCode.Wallet, bool All = false)
    : IRequest<Result<WalletStatement>>;

/// <summary>How a line touched the account.</summary>
public enum StatementEntry
{
    /// <summary>Money in or out at once.</summary>
    Posted,

    /// <summary>An amount set aside for an order or a payout: still in the balance, no longer available.</summary>
    HoldPlaced,

    /// <summary>A hold given back in full: available again.</summary>
    HoldReleased,

    /// <summary>A hold taken: the captured part leaves the balance, the rest is available again.</summary>
    HoldCaptured,

    /// <summary>Money promised to this account and not yet paid (an order being served).</summary>
    IncomingPending,

    /// <summary>Money promised to this account that will not come.</summary>
    IncomingCancelled,

    /// <summary>Money promised to this account, now paid.</summary>
    IncomingPaid,
}

/// <summary>What caused a line, as far as the statement's reader can follow it.</summary>
public enum StatementCause
{
    Other,
    Order,
    Package,
    TopUp,
    Payout,
}

/// <summary>
/// One line. <see cref="Amount"/> is the signed change of the posted balance (the lines of an account add up to
/// it), <see cref="HeldChange"/> the signed change of what the account has on hold (they add up to the held
/// amount), <see cref="Hold"/> the amount of the hold the line concerns, <see cref="Balance"/> the posted balance
/// after the line (not given when the statement is filtered by kind, whose lines are not consecutive).
/// </summary>
public sealed record WalletStatementLine(
    Guid TransferId,
    DateTime TimestampUtc,
    TransferCode Code,
    StatementEntry Entry,
    long Amount,
    long HeldChange,
    long Hold,
    long? Balance,
    AccountCode CounterpartyAccount,
    string? CounterpartyName,
    StatementCause Cause,
    Guid? CauseId,
    string Reference)
{
    /// <summary>Where the cause is shown to this organization: its own order or package allocation (the top-ups and payouts are on the wallet page).</summary>
    public bool CauseIsOwnAllocation { get; init; }

    /// <summary>For a line settlement wrote: the batch that wrote it (its lines lead to the usage events billed).</summary>
    public Guid? SettlementBatchId { get; init; }
}

public sealed record StatementAccount(long Id, Asset Asset, AccountCode Code, long Posted, long Held, long Available);

public sealed record WalletStatement(
    StatementAccount Account,
    IReadOnlyList<StatementAccount> Accounts,
    IReadOnlyList<WalletStatementLine> Lines,
    int Page,
    int PageSize,
    int TotalCount,
    IAsyncEnumerable<WalletStatementLine>? Export)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>The filter's rules, keyed by the filter's own field names.</summary>
public sealed class GetStatementValidator : AbstractValidator<GetStatement>
{
    public GetStatementValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.Filter).SetValidator(new StatementFilterValidator(localizer)).OverridePropertyName(string.Empty);
        RuleFor(r => r.Asset).IsInEnum().WithMessage(_ => localizer["There is no such account."]);
        RuleFor(r => r.Account).IsInEnum().WithMessage(_ => localizer["There is no such account."]);
    }
}

internal sealed class GetStatementHandler(IAppDbContext db, ICurrentUser currentUser, DisplayZone zone, IStringLocalizer<Messages> localizer)
    : IRequestHandler<GetStatement, Result<WalletStatement>>
{
    public async Task<Result<WalletStatement>> Handle(GetStatement request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken) is null)
        {
            return Result<WalletStatement>.Forbidden(localizer["You are not a member of this organization."]);
        }

        var accounts = (await db.Accounts.AsNoTracking()
                .Where(a => a.OwnerOrganizationId == request.OrganizationId)
                .ToListAsync(cancellationToken))
            .OrderBy(a => a.Asset).ThenBy(a => a.Code)
            .Select(a => new StatementAccount(a.Id, a.Asset, a.Code, a.Balance.Posted, a.Balance.Held, a.Balance.Available))
            .ToList();
        var account = accounts.SingleOrDefault(a => a.Asset == request.Asset && a.Code == request.Account);
        if (account is null)
        {
            return Result<WalletStatement>.NotFound(localizer["There is no such account."]);
        }

        var lines = AccountLines.Filtered(db, account.Id, request.Filter, zone);
        if (request.All)
        {
            var top = await BalanceAtTopAsync(lines, account, request.Filter, cancellationToken);
            return new WalletStatement(account, accounts, [], 1, StatementFilter.MaxExportRows, 0, Stream(request.OrganizationId, lines.Take(StatementFilter.MaxExportRows), account.Id, top));
        }

        var total = await lines.CountAsync(cancellationToken);
        var size = Math.Clamp(request.Filter.PageSize, 1, StatementFilter.MaxPageSize);
        var page = Math.Max(1, request.Filter.Page);
        var rows = await AccountLines.Project(db, lines.Skip((page - 1) * size).Take(size), account.Id).ToListAsync(cancellationToken);
        var balance = rows.Count == 0 ? null : await BalanceAfterAsync(rows[0].Sequence, account, request.Filter, cancellationToken);
        var allocations = await AllocationsAsync(rows, cancellationToken);
        var result = new List<WalletStatementLine>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(row.ToLine(balance, request.OrganizationId, allocations));
            balance -= row.Amount;
        }

        return new WalletStatement(account, accounts, result, page, size, total, null);
    }

    /// <summary>The posted balance after the newest matching line: today's balance less everything posted since.</summary>
    private async Task<long?> BalanceAtTopAsync(IQueryable<Transfer> lines, StatementAccount account, StatementFilter filter, CancellationToken cancellationToken)
    {
        var newest = await lines.Select(t => (long?)t.Sequence).FirstOrDefaultAsync(cancellationToken);
        return newest is { } sequence ? await BalanceAfterAsync(sequence, account, filter, cancellationToken) : null;
    }

    private async Task<long?> BalanceAfterAsync(long sequence, StatementAccount account, StatementFilter filter, CancellationToken cancellationToken)
    {
        if (filter.Code is not null)
        {
            return null;
        }

        var since = await db.Transfers.AsNoTracking()
            .Where(t => (t.DebitAccountId == account.Id || t.CreditAccountId == account.Id) && t.Sequence > sequence)
            .Where(t => t.Flags == TransferFlags.None || t.Flags == TransferFlags.PostPending)
            .SumAsync(t => t.CreditAccountId == account.Id ? t.Amount : -t.Amount, cancellationToken);
        return account.Posted - since;
    }

    private async Task<Dictionary<Guid, (AllocationKind Kind, Guid Buyer)>> AllocationsAsync(IEnumerable<AccountLines.Row> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => AccountLines.Cause(r.Reference)).Where(c => c.Cause == StatementCause.Order).Select(c => c.Id!.Value).Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Allocations.AsNoTracking().Where(a => ids.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => (a.Kind, a.BuyerOrganizationId), cancellationToken);
    }

    private static readonly Dictionary<Guid, (AllocationKind Kind, Guid Buyer)> NoAllocations = [];

    private async IAsyncEnumerable<WalletStatementLine> Stream(Guid organizationId, IQueryable<Transfer> lines, long accountId, long? balance)
    {
        // Causes are not looked up while streaming (one query at a time on a context): an export names them by reference.
        await foreach (var row in AccountLines.Project(db, lines, accountId).AsAsyncEnumerable())
        {
            yield return row.ToLine(balance, organizationId, NoAllocations);
            balance -= row.Amount;
        }
    }
}

/// <summary>The query behind an account's statement.</summary>
internal static class AccountLines
{
    public sealed record Row(
        long Sequence,
        Guid TransferId,
        DateTime TimestampUtc,
        TransferCode Code,
        TransferFlags Flags,
        bool Incoming,
        long TransferAmount,
        long PendingAmount,
        AccountCode CounterpartyAccount,
        string? CounterpartyName,
        string Reference)
    {
        /// <summary>The signed change of the posted balance.</summary>
        public long Amount => Flags is TransferFlags.None or TransferFlags.PostPending ? (Incoming ? TransferAmount : -TransferAmount) : 0;

        public WalletStatementLine ToLine(long? balance, Guid organizationId, IReadOnlyDictionary<Guid, (AllocationKind Kind, Guid Buyer)> allocations)
        {
            // A hold's amount: its own for a placed hold and for a release (a void releases all of it), the
            // original hold's for a capture (which may take less and release the rest).
            var (entry, held, hold) = (Flags, Incoming) switch
            {
                (TransferFlags.Pending, false) => (StatementEntry.HoldPlaced, TransferAmount, TransferAmount),
                (TransferFlags.VoidPending, false) => (StatementEntry.HoldReleased, -TransferAmount, TransferAmount),
                (TransferFlags.PostPending, false) => (StatementEntry.HoldCaptured, -PendingAmount, PendingAmount),
                (TransferFlags.Pending, true) => (StatementEntry.IncomingPending, 0L, TransferAmount),
                (TransferFlags.VoidPending, true) => (StatementEntry.IncomingCancelled, 0L, TransferAmount),
                (TransferFlags.PostPending, true) => (StatementEntry.IncomingPaid, 0L, PendingAmount),
                _ => (StatementEntry.Posted, 0L, 0L),
            };
            var (cause, id) = Cause(Reference);
            var own = false;
            if (cause == StatementCause.Order && id is { } allocation && allocations.TryGetValue(allocation, out var known))
            {
                cause = known.Kind == AllocationKind.Package ? StatementCause.Package : StatementCause.Order;
                own = known.Buyer == organizationId;
            }

            return new WalletStatementLine(TransferId, TimestampUtc, Code, entry, Amount, held, hold, balance, CounterpartyAccount, CounterpartyName, cause, id, Reference)
            {
                CauseIsOwnAllocation = own,
                SettlementBatchId = SettlementBatch(Reference),
            };
        }
    }

    /// <summary>
    /// What a reference written by the use cases points at: <c>allocation:{id}</c>, <c>settlement:{batch}:{allocation}</c>
    /// (the allocation), <c>payout:{id}</c>, <c>topup:{reference}</c>.
    /// </summary>
    public static (StatementCause Cause, Guid? Id) Cause(string reference)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (StatementCause.Other, null);
        }

        var kind = reference[..colon];
        var rest = reference[(colon + 1)..];
        return kind switch
        {
            "allocation" when Guid.TryParse(rest, out var allocation) => (StatementCause.Order, allocation),
            "settlement" when rest.Split(':') is [_, var settled] && Guid.TryParse(settled, out var allocation) => (StatementCause.Order, allocation),
            "payout" when Guid.TryParse(rest, out var payout) => (StatementCause.Payout, payout),
            "topup" => (StatementCause.TopUp, null),
            _ => (StatementCause.Other, null),
        };
    }

    /// <summary>The settlement batch a <c>settlement:{batch}:{allocation}</c> reference names.</summary>
    public static Guid? SettlementBatch(string reference) =>
        reference.StartsWith("settlement:", StringComparison.Ordinal) && reference.Split(':') is [_, var batch, _] && Guid.TryParse(batch, out var id) ? id : null;

    public static IQueryable<Transfer> Filtered(IAppDbContext db, long accountId, StatementFilter filter, DisplayZone zone) =>
        db.Transfers.AsNoTracking()
            .Where(t => t.DebitAccountId == accountId || t.CreditAccountId == accountId)
            .Within(filter, zone)
            .OrderByDescending(t => t.Sequence);

    public static IQueryable<Row> Project(IAppDbContext db, IQueryable<Transfer> transfers, long accountId) =>
        from t in transfers
        join debit in db.Accounts on t.DebitAccountId equals debit.Id
        join credit in db.Accounts on t.CreditAccountId equals credit.Id
        join pending in db.Transfers on t.PendingId equals (Guid?)pending.Id into pendings
        from pending in pendings.DefaultIfEmpty()
        let incoming = t.CreditAccountId == accountId
        let counterparty = incoming ? debit : credit
        orderby t.Sequence descending
        select new Row(
            t.Sequence,
            t.Id,
            t.TimestampUtc,
            t.Code,
            t.Flags,
            incoming,
            t.Amount,
            pending == null ? 0 : pending.Amount,
            counterparty.Code,
            db.Organizations.Where(o => o.Id == counterparty.OwnerOrganizationId).Select(o => o.Name).FirstOrDefault(),
            t.Reference);
}
