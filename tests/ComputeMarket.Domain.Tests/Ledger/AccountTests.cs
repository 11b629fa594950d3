using ComputeMarket.Domain.Common;
using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Domain.Tests.Ledger;

public sealed class AccountTests
{
    [Theory]
    [InlineData(AccountFlags.None)]
    [InlineData(AccountFlags.DebitsMustNotExceedCredits)]
    [InlineData(AccountFlags.CreditsMustNotExceedDebits)]
    public void An_account_opens_with_no_constraint_or_one(AccountFlags flags)
    {
        var account = new Account(Asset.Money, AccountCode.Wallet, Guid.NewGuid(), flags);

        Assert.Equal(flags, account.Flags);
        Assert.Equal(default, account.Balance);
    }

    [Fact]
    public void An_account_cannot_carry_both_balance_constraints() =>
        Assert.Throws<DomainException>(() => new Account(
            Asset.Money, AccountCode.Wallet, null, AccountFlags.DebitsMustNotExceedCredits | AccountFlags.CreditsMustNotExceedDebits));

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(-1)]
    public void Undefined_account_flags_are_refused(int flags) =>
        Assert.Throws<DomainException>(() => new Account(Asset.Money, AccountCode.Wallet, null, (AccountFlags)flags));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void An_undefined_asset_is_refused(int asset) =>
        Assert.Throws<DomainException>(() => new Account((Asset)asset, AccountCode.Wallet, null, AccountFlags.None));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(14)]
    public void An_undefined_account_code_is_refused(int code) =>
        Assert.Throws<DomainException>(() => new Account(Asset.Money, (AccountCode)code, null, AccountFlags.None));
}
