using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Wallets;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Infrastructure.Seeding;

/// <summary>
/// Fills a development database with a small, believable market: one verified provider, two buyers, an auditor.
/// Idempotent: it looks each person and organization up by email or name and adds only what is missing.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, IUnitOfWork unitOfWork, LedgerService ledger, DemoMetering metering, UserManager<AppUser> users, IOptions<DemoOptions> options, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string ProviderOrganization = "Huadong GPU Cloud";
    public const string FirstBuyerOrganization = "Lanting AI Studio";
    public const string SecondBuyerOrganization = "Xiling Robotics";
    public const string SecondProviderOrganization = "Xibu Compute Cooperative";

    public static readonly DemoAccount Auditor = new("auditor@computemarket.demo", "Wen Auditor");
    public static readonly DemoAccount Provider = new("provider@computemarket.demo", "Zhou Provider");
    public static readonly DemoAccount Buyer = new("buyer@computemarket.demo", "Li Buyer");
    public static readonly DemoAccount BuyerColleague = new("colleague@computemarket.demo", "Chen Colleague");
    public static readonly DemoAccount BuyerPurchaser = new("purchaser@computemarket.demo", "Zhao Purchaser");
    public static readonly DemoAccount SecondBuyer = new("buyer2@computemarket.demo", "Wang Buyer");
    public static readonly DemoAccount SecondProvider = new("provider2@computemarket.demo", "Ma Provider");

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        var auditor = await EnsureUserAsync(Auditor, now);
        if (!await users.IsInRoleAsync(auditor, PlatformRoles.Auditor))
        {
            await users.AddToRoleAsync(auditor, PlatformRoles.Auditor);
        }

        var provider = await EnsureUserAsync(Provider, now);
        var buyer = await EnsureUserAsync(Buyer, now);
        var colleague = await EnsureUserAsync(BuyerColleague, now);
        var purchaser = await EnsureUserAsync(BuyerPurchaser, now);
        var secondBuyer = await EnsureUserAsync(SecondBuyer, now);

        var providerOrg = await EnsureOrganizationAsync(ProviderOrganization, provider.Id, now, cancellationToken);
        if (!providerOrg.IsVerifiedProvider)
        {
            providerOrg.VerifyAsProvider(now);
        }

        var buyerOrg = await EnsureOrganizationAsync(FirstBuyerOrganization, buyer.Id, now, cancellationToken);
        if (!buyerOrg.HasMember(colleague.Id))
        {
            buyerOrg.AddMember(colleague.Id, MembershipRole.Viewer, now);
        }

        if (!buyerOrg.HasMember(purchaser.Id))
        {
            buyerOrg.AddMember(purchaser.Id, MembershipRole.Purchaser, now);
        }

        var secondBuyerOrg = await EnsureOrganizationAsync(SecondBuyerOrganization, secondBuyer.Id, now, cancellationToken);
        var secondProvider = await EnsureUserAsync(SecondProvider, now);
        var secondProviderOrg = await EnsureOrganizationAsync(SecondProviderOrganization, secondProvider.Id, now, cancellationToken);
        if (!secondProviderOrg.IsVerifiedProvider)
        {
            secondProviderOrg.VerifyAsProvider(now);
            secondProviderOrg.RecordDelivery(2_840_000_000, 3, 962);
            providerOrg.RecordDelivery(11_500_000_000, 1, 995);
        }

        await db.SaveChangesAsync(cancellationToken);
        await EnsureCatalogAsync(providerOrg.Id, 24, 2026, now, cancellationToken);
        await EnsureCatalogAsync(secondProviderOrg.Id, 14, 11, now, cancellationToken);

        await EnsureOpeningBalanceAsync(buyerOrg.Id, 20_000_00, cancellationToken);
        await EnsureOpeningBalanceAsync(secondBuyerOrg.Id, 5_000_00, cancellationToken);
        await EnsureOpeningBalanceAsync(providerOrg.Id, 1_200_00, cancellationToken);
        if (!await db.TopUps.AnyAsync(t => t.OrganizationId == secondBuyerOrg.Id, cancellationToken))
        {
            // One announced bank transfer waiting for an administrator, so the confirmation queue is not empty.
            db.TopUps.Add(new TopUp(secondBuyerOrg.Id, 3_000_00, "CM-DEMO-0001", secondBuyer.Id, now));
            await db.SaveChangesAsync(cancellationToken);
        }

        await metering.SeedAsync(options.Value, providerOrg.Id, provider.Id, buyerOrg.Id, buyer.Id, cancellationToken);

        logger.LogInformation("Demo data is in place.");
    }

    private async Task EnsureCatalogAsync(Guid provider, int count, int seed, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.Offers.AnyAsync(o => o.ProviderOrganizationId == provider, cancellationToken))
        {
            return;
        }

        var reliability = await db.Organizations.Where(o => o.Id == provider).Select(o => o.ReliabilityScore).SingleAsync(cancellationToken);
        foreach (var (offer, package) in DemoCatalog.For(provider, count, seed, now))
        {
            offer.RateProvider(reliability);
            db.Offers.Add(offer);
            if (package is not null)
            {
                db.TokenPackages.Add(package);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Credits a wallet from External once: the transfer id is derived from the organization.</summary>
    private async Task EnsureOpeningBalanceAsync(Guid organizationId, long amount, CancellationToken cancellationToken)
    {
        var outcome = await unitOfWork.ExecuteAsync(async ct =>
        {
            var wallet = await db.AccountIdAsync(organizationId, Asset.Money, AccountCode.Wallet, ct);
            var posted = await ledger.PostAsync(
                [new TransferRequest(DeterministicId.For("demo-opening-balance", organizationId), PlatformAccounts.MoneyExternal, wallet, amount, TransferCode.TopUp, "demo:opening-balance")],
                ct);
            if (posted.Applied)
            {
                await unitOfWork.SaveAsync(ct);
            }

            return posted;
        }, cancellationToken);
        if (!outcome.Applied)
        {
            throw new InvalidOperationException($"The demo opening balance was refused: {outcome.Results[0]}.");
        }
    }

    private async Task<AppUser> EnsureUserAsync(DemoAccount account, DateTime now)
    {
        if (await users.FindByEmailAsync(account.Email) is { } existing)
        {
            return existing;
        }

        var user = new AppUser { UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = account.DisplayName, CreatedAtUtc = now };
        var created = await users.CreateAsync(user, options.Value.Password);
        return created.Succeeded
            ? user
            : throw new InvalidOperationException($"Demo account {account.Email} could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
    }

    private async Task<Organization> EnsureOrganizationAsync(string name, string ownerId, DateTime now, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.Include(o => o.Memberships).SingleOrDefaultAsync(o => o.Name == name, cancellationToken);
        if (organization is null)
        {
            organization = Organization.Found(name, ownerId, now);
            db.Organizations.Add(organization);
        }

        await ledger.OpenOrganizationAccountsAsync(organization.Id, cancellationToken);

        return organization;
    }
}

public sealed record DemoAccount(string Email, string DisplayName);
