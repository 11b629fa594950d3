using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Application.Tests.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Market;

/// <summary>A person acting for an organization, as the market tests use it.</summary>
internal sealed record Trader(string UserId, Guid OrganizationId, long MoneyWallet, long MoneyEscrow);

/// <summary>Builders for providers, buyers and listings; every call runs through the real pipeline.</summary>
internal static class MarketKit
{
    public static async Task<Trader> ProviderAsync(this SliceFixture fixture, string name)
    {
        var trader = await fixture.BuyerAsync(name, 0);
        await fixture.Query(async db =>
        {
            var organization = await db.Organizations.SingleAsync(o => o.Id == trader.OrganizationId);
            organization.VerifyAsProvider(fixture.Clock.GetUtcNow().UtcDateTime);
            return await db.SaveChangesAsync();
        });
        return trader;
    }

    public static async Task<Trader> BuyerAsync(this SliceFixture fixture, string name, long fundsFen)
    {
        var email = $"{Guid.NewGuid():N}@market.example";
        var registered = await fixture.RegisterFounderAsync(email, name);
        var accounts = await fixture.Query(db => db.Accounts.Where(a => a.OwnerOrganizationId == registered.OrganizationId).ToListAsync());
        var wallet = accounts.Single(a => a.Asset == Domain.Ledger.Asset.Money && a.Code == Domain.Ledger.AccountCode.Wallet).Id;
        var escrow = accounts.Single(a => a.Asset == Domain.Ledger.Asset.Money && a.Code == Domain.Ledger.AccountCode.Escrow).Id;
        if (fundsFen > 0)
        {
            Assert.True((await fixture.PostAsync(LedgerKit.TopUp(wallet, fundsFen))).Applied);
        }

        return new Trader(registered.UserId, registered.OrganizationId, wallet, escrow);
    }

    public static OfferForm AnOffer(this SliceFixture fixture, long quota = 100_000_000, string inputPrice = "2.00", string outputPrice = "8.00", long minimum = 1_000_000)
    {
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        return new OfferForm
        {
            GpuModel = "H100",
            GpuCount = 8,
            VramGbPerGpu = 80,
            Region = "East China (Shanghai)",
            ServedModel = "DeepSeek-V4-Flash",
            ThroughputTokensPerSecond = 8_000,
            AvailableFromUtc = now,
            AvailableUntilUtc = now.AddDays(30),
            TotalQuotaTokens = quota,
            InputPrice = inputPrice,
            OutputPrice = outputPrice,
            MinimumPurchaseTokens = minimum,
        };
    }

    public static async Task<Guid> ListAsync(this SliceFixture fixture, Trader provider, OfferForm form)
    {
        var saved = await fixture.Send(new SaveOffer(provider.OrganizationId, null, form), provider.UserId);
        Assert.True(saved.Succeeded, saved.Message + string.Join("; ", saved.Errors.SelectMany(e => e.Value)));
        return saved.Value;
    }
}
