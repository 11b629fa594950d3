using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Infrastructure.Seeding;

/// <summary>
/// The demo's metering: the provider's metering key and the first buyer's usage key (from configuration, so the
/// README can print them), a few allocations the first demo buyer opened on the demo provider's offers fifteen days
/// ago (the second buyer is left a newcomer who has never bought), and two weeks of usage reported for them and settled, so every usage chart has data on first start.
/// Idempotent: allocation and event ids are derived, keys are looked up by hash.
/// </summary>
public sealed class DemoMetering(AppDbContext db, IUnitOfWork unitOfWork, LedgerService ledger, UsageSettler settler, IUsageEventWriter writer, TimeProvider clock)
{
    private const int HistoryDays = 14;

    public async Task SeedAsync(DemoOptions options, Guid provider, string providerOwner, Guid buyer, string buyerOwner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await EnsureKeyAsync(options.MeteringKey, provider, "Demo metering agent", ApiKeyScope.Metering, providerOwner, now, cancellationToken);
        await EnsureKeyAsync(options.UsageKey, buyer, "Demo usage report", ApiKeyScope.Usage, buyerOwner, now, cancellationToken);

        var openedAt = now.AddDays(-(HistoryDays + 1));
        var offers = await db.Offers.AsNoTracking()
            .Where(o => o.ProviderOrganizationId == provider && o.Status == OfferStatus.Active)
            .OrderBy(o => o.CreatedAtUtc).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.AvailableFromUtc, o.AvailableUntilUtc, o.MinimumPurchaseTokens })
            .ToListAsync(cancellationToken);
        var usable = offers.Where(o => o.AvailableFromUtc <= openedAt && o.AvailableUntilUtc > now.AddDays(7)).Take(3).ToList();
        var plan = usable.Select((offer, i) => (Offer: offer.Id, Buyer: buyer, Tokens: Math.Max(offer.MinimumPurchaseTokens, 300_000_000L - (i * 100_000_000L)), Number: i)).ToList();
        foreach (var (offer, buyerId, tokens, number) in plan)
        {
            // An allocation opened by an earlier start has its history already: only a new one gets it.
            if (await OpenAsync(offer, buyerId, tokens, number, openedAt, cancellationToken) is { } opened)
            {
                await ReportHistoryAsync(opened, provider, tokens, number, now, cancellationToken);
            }
        }

        while (await settler.SettleNextBatchAsync(5_000, cancellationToken) is not null)
        {
        }
    }

    private async Task EnsureKeyAsync(string? secret, Guid organization, string name, ApiKeyScope scope, string owner, DateTime now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        var hash = SecretToken.Hash(secret);
        if (await db.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
        {
            return;
        }

        db.ApiKeys.Add(ApiKey.Create(organization, name, scope, secret, hash, owner, now));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Opens an on-demand allocation as a purchase would: quota reserved, the maximum cost held.</summary>
    /// <returns>The allocation opened now; null when an earlier start opened it.</returns>
    private Task<Allocation?> OpenAsync(Guid offerId, Guid buyer, long tokens, int number, DateTime openedAt, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async ct =>
            {
                var id = DeterministicId.For($"demo-allocation:{offerId:N}:{number}");
                if (await db.Allocations.AnyAsync(a => a.Id == id, ct))
                {
                    return null;
                }

                await ledger.LockAsync(ct);
                var offer = await db.Offers.SingleAsync(o => o.Id == offerId, ct);
                var key = "cmk_" + SecretToken.New();
                var allocation = Allocation.OpenOnDemand(offer, buyer, tokens, SecretToken.Hash(key), key[..12], openedAt, id, await db.BasisPointsAtAsync(openedAt, ct));
                offer.Reserve(tokens, openedAt);
                db.Allocations.Add(allocation);
                var wallet = await db.AccountIdAsync(buyer, Asset.Money, AccountCode.Wallet, ct);
                var providerWallet = await db.AccountIdAsync(offer.ProviderOrganizationId, Asset.Money, AccountCode.Wallet, ct);
                var outcome = await ledger.PostAsync(
                    [new TransferRequest(allocation.HoldTransferId, wallet, providerWallet, allocation.HoldAmount, TransferCode.Purchase, $"allocation:{allocation.Id}", TransferFlags.Pending)],
                    ct);
                if (!outcome.Applied)
                {
                    throw new InvalidOperationException($"The demo allocation's hold was refused: {outcome.Results[0]}.");
                }

                await unitOfWork.SaveAsync(ct);
                return allocation;
            },
            cancellationToken);

    /// <summary>
    /// Two weeks of usage, a few events an hour in working hours, busier on weekdays, with an input/output ratio that
    /// varies per allocation; about a quarter of the quota in all. Deterministic, and stored once (ids derive from the day).
    /// </summary>
    private async Task ReportHistoryAsync(Allocation allocation, Guid provider, long quota, int number, DateTime now, CancellationToken cancellationToken)
    {
        var random = new Random(2026 + number);
        var events = new List<UsageEvent>();
        var perDay = quota / 4 / HistoryDays;
        for (var day = HistoryDays; day >= 1; day--)
        {
            var date = now.Date.AddDays(-day);
            var busy = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.4 : 1.0;
            var dayTokens = (long)(perDay * busy * (0.6 + (random.NextDouble() * 0.8)));
            const int slots = 24;
            for (var slot = 0; slot < slots; slot++)
            {
                var tokens = dayTokens / slots;
                var input = tokens * (60 + random.Next(30) + (number * 3)) / 100;
                var occurred = date.AddHours(1 + (slot * 0.6)).AddMinutes(random.Next(30));
                events.Add(new UsageEvent(provider, $"demo-{allocation.Id.ToString("N")[..8]}-{day:00}-{slot:00}", allocation.Id, input, tokens - input, occurred, occurred.AddSeconds(2)));
            }
        }

        await unitOfWork.ExecuteAsync(
            async ct =>
            {
                await writer.InsertNewAsync(events, ct);
                return await unitOfWork.SaveAsync(ct);
            },
            cancellationToken);
    }
}
