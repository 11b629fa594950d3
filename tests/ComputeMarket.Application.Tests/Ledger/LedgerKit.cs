using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Tests.Organizations;
using ComputeMarket.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Application.Tests.Ledger;

/// <summary>An organization with its ledger accounts, as the ledger tests use it.</summary>
internal sealed record LedgerOrganization(Guid Id, long MoneyWallet, long MoneyEscrow, long TokWallet);

/// <summary>Helpers for the ledger slice tests: each call runs in its own DI scope, as a request would.</summary>
internal static class LedgerKit
{
    public static async Task<LedgerOrganization> RegisterOrganizationAsync(this SliceFixture fixture, string name)
    {
        var email = $"{Guid.NewGuid():N}@ledger.example";
        var registered = await fixture.RegisterFounderAsync(email, name);
        return await fixture.Query(async db =>
        {
            var accounts = await db.Accounts.Where(a => a.OwnerOrganizationId == registered.OrganizationId).ToListAsync();
            long Find(Asset asset, AccountCode code) => accounts.Single(a => a.Asset == asset && a.Code == code).Id;
            return new LedgerOrganization(
                registered.OrganizationId,
                Find(Asset.Money, AccountCode.Wallet),
                Find(Asset.Money, AccountCode.Escrow),
                Find(Asset.Tok, AccountCode.Wallet));
        });
    }

    /// <summary>Posts a batch in its own unit of work, committed when the ledger applies it.</summary>
    public static Task<LedgerOutcome> PostAsync(this SliceFixture fixture, params TransferRequest[] requests) =>
        fixture.InScope(services =>
        {
            var unitOfWork = services.GetRequiredService<IUnitOfWork>();
            return unitOfWork.ExecuteAsync(async ct =>
            {
                var outcome = await services.GetRequiredService<LedgerService>().PostAsync(requests, ct);
                if (outcome.Applied)
                {
                    Assert.True(await unitOfWork.SaveAsync(ct));
                }

                return outcome;
            });
        });

    public static Task<Account> AccountAsync(this SliceFixture fixture, long id) =>
        fixture.Query(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id));

    public static Task<Dictionary<long, AccountBalance>> BalancesAsync(this SliceFixture fixture) =>
        fixture.Query(db => db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => new AccountBalance(a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted)));

    public static Task<int> TransferCountAsync(this SliceFixture fixture) =>
        fixture.Query(db => db.Transfers.CountAsync());

    public static Task<LedgerHead> HeadAsync(this SliceFixture fixture) =>
        fixture.Query(db => db.LedgerHeads.AsNoTracking().SingleAsync());

    public static Task<LedgerVerification> VerifyAsync(this SliceFixture fixture, VerificationMode mode = VerificationMode.Full) =>
        fixture.InScope(services => services.GetRequiredService<LedgerVerifier>().VerifyAsync(mode));

    public static async Task<ChainVerification> VerifyChainAsync(this SliceFixture fixture) => (await fixture.VerifyAsync()).Chain;

    public static async Task<IReadOnlyList<InvariantViolation>> CheckInvariantsAsync(this SliceFixture fixture, VerificationMode mode = VerificationMode.Full) =>
        (await fixture.VerifyAsync(mode)).Violations;

    /// <summary>Seals a checkpoint at the head, as the recurring job does.</summary>
    public static async Task<long?> SealAsync(this SliceFixture fixture)
    {
        var sealedAt = await fixture.Send(new SealLedgerCheckpoint());
        Assert.True(sealedAt.Succeeded, sealedAt.Message);
        return sealedAt.Value;
    }

    public static TransferRequest TopUp(long wallet, long amount, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), PlatformAccounts.MoneyExternal, wallet, amount, TransferCode.TopUp, "topup:test");

    public static TransferRequest Spend(long from, long to, long amount, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), from, to, amount, TransferCode.Purchase, "order:test");

    public static TransferRequest Hold(long from, long to, long amount, Guid? id = null, TimeSpan? timeout = null) =>
        new(id ?? Guid.NewGuid(), from, to, amount, TransferCode.Purchase, "order:test", TransferFlags.Pending, Timeout: timeout);

    /// <summary>Asserts that a full verification finds the chain intact and no broken invariant.</summary>
    public static async Task AssertLedgerIsSoundAsync(this SliceFixture fixture)
    {
        var verification = await fixture.VerifyAsync();
        Assert.True(verification.Chain.Intact, verification.Chain.Problem);
        Assert.True(verification.Intact, string.Join(Environment.NewLine, verification.Violations.Select(v => $"{v.Invariant}: {v.Detail}")));
    }
}
