using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// Grows the ledger quickly with valid transfers, through the one code that writes it: <see cref="LedgerService"/>
/// inside <see cref="IUnitOfWork.ExecuteAsync{T}"/>, thousands of requests per unit. Each organization's wallets
/// are funded once from the platform's sources (External for money, BankPool for compute credits); after that a
/// seeded mix moves value between wallets the way the market does: payments, credit transfers, holds, and holds
/// posted in part or voided later, some of them after the next checkpoint.
/// </summary>
internal sealed class LedgerFill
{
    private const long Funding = 1_000_000_000_000;
    private const int MaxAmount = 10_000;

    private readonly Random _random = new(20_260_601);
    private readonly Queue<(Guid Id, long Amount)> _holds = new();
    private readonly long[] _money;
    private readonly long[] _credits;

    private LedgerFill(long[] money, long[] credits)
    {
        _money = money;
        _credits = credits;
    }

    /// <summary>Funds every organization's money and credit wallets, then is ready to fill.</summary>
    public static async Task<LedgerFill> FundAsync(IServiceProvider services, IReadOnlyList<Member> organizations)
    {
        var ids = organizations.Select(o => (Guid?)o.OrganizationId).ToList();
        List<Account> wallets;
        await using (var scope = services.CreateAsyncScope())
        {
            wallets = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Accounts.AsNoTracking()
                .Where(a => ids.Contains(a.OwnerOrganizationId) && a.Code == AccountCode.Wallet)
                .OrderBy(a => a.Id)
                .ToListAsync();
        }

        var fill = new LedgerFill(
            [.. wallets.Where(a => a.Asset == Asset.Money).Select(a => a.Id)],
            [.. wallets.Where(a => a.Asset == Asset.Tok).Select(a => a.Id)]);
        if (fill._money.Length < 2 || fill._credits.Length < 2)
        {
            throw new BenchmarkFailure("Filling the ledger needs at least two organizations.");
        }

        await PostAsync(services, [
            .. fill._money.Select(id => new TransferRequest(Guid.NewGuid(), PlatformAccounts.MoneyExternal, id, Funding, TransferCode.TopUp, "bench:funding")),
            .. fill._credits.Select(id => new TransferRequest(Guid.NewGuid(), PlatformAccounts.TokBankPool, id, Funding, TransferCode.LoanDisbursement, "bench:funding")),
        ]);
        return fill;
    }

    public static async Task<long> HeadAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().LedgerHeads.Select(h => h.LastSequence).SingleAsync();
    }

    /// <summary>Posts batches of up to <paramref name="batchSize"/> transfers until the chain holds <paramref name="target"/>.</summary>
    public async Task FillToAsync(IServiceProvider services, long target, int batchSize, Action<long>? progress = null)
    {
        var head = await HeadAsync(services);
        while (head < target)
        {
            var count = (int)Math.Min(batchSize, target - head);
            await PostAsync(services, Next(count));
            head += count;
            progress?.Invoke(head);
        }
    }

    /// <summary>One unit of work: the ledger applies the whole batch or refuses it, and then the benchmark fails.</summary>
    private static async Task PostAsync(IServiceProvider services, List<TransferRequest> requests)
    {
        await using var scope = services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var ledger = scope.ServiceProvider.GetRequiredService<LedgerService>();
        var outcome = await unitOfWork.ExecuteAsync(async ct =>
        {
            var posted = await ledger.PostAsync(requests, ct);
            if (posted.Applied && !await unitOfWork.SaveAsync(ct))
            {
                throw new BenchmarkFailure("Saving a batch of transfers met a concurrency conflict, with no other writer running.");
            }

            return posted;
        });
        if (!outcome.Applied)
        {
            var refused = outcome.Results.Select((result, i) => (result, i)).First(r => r.result is not (TransferResult.Ok or TransferResult.Exists or TransferResult.LinkedTransferFailed));
            throw new BenchmarkFailure($"The ledger refused a batch: request {refused.i} ({requests[refused.i]}) was {refused.result}.");
        }
    }

    private List<TransferRequest> Next(int count)
    {
        var batch = new List<TransferRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = _random.Next(100);
            batch.Add(roll switch
            {
                < 5 => new TransferRequest(Guid.NewGuid(), PlatformAccounts.MoneyExternal, Pick(_money), Amount() * 10, TransferCode.TopUp, "bench:top-up"),
                < 20 => Between(_credits, TransferCode.Settlement, "bench:credits"),
                < 35 => Hold(),
                < 50 when _holds.Count > 0 => Resolve(),
                _ => Between(_money, TransferCode.Settlement, "bench:payment"),
            });
        }

        return batch;
    }

    private TransferRequest Hold()
    {
        var hold = Between(_money, TransferCode.Purchase, "bench:hold") with { Flags = TransferFlags.Pending };
        _holds.Enqueue((hold.Id, hold.Amount));
        return hold;
    }

    /// <summary>The oldest open hold: two times in three posted in part or in full, else voided.</summary>
    private TransferRequest Resolve()
    {
        var (id, amount) = _holds.Dequeue();
        return _random.Next(3) < 2
            ? TransferRequest.Post(Guid.NewGuid(), id, _random.NextInt64(1, amount + 1), TransferCode.Settlement, "bench:settle")
            : TransferRequest.Void(Guid.NewGuid(), id, TransferCode.Release, "bench:release");
    }

    private TransferRequest Between(long[] wallets, TransferCode code, string reference)
    {
        var debit = Pick(wallets);
        var credit = Pick(wallets);
        while (credit == debit)
        {
            credit = Pick(wallets);
        }

        return new TransferRequest(Guid.NewGuid(), debit, credit, Amount(), code, reference);
    }

    private long Pick(long[] wallets) => wallets[_random.Next(wallets.Length)];

    private long Amount() => _random.Next(1, MaxAmount + 1);
}
