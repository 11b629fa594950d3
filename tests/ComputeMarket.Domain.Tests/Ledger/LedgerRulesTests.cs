using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Domain.Tests.Ledger;

public sealed class LedgerRulesTests
{
    private const long External = PlatformAccounts.MoneyExternal;
    private const long Fees = PlatformAccounts.MoneyFees;
    private const long BankPool = PlatformAccounts.TokBankPool;
    private const long Wallet = 100;
    private const long OtherWallet = 101;
    private const long TokWallet = 200;
    private const long Loan = 201;

    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_single_phase_transfer_moves_the_posted_counters_on_both_sides()
    {
        var ledger = NewLedger();

        var outcome = ledger.Post(Now, Fund(Wallet, 3_990));

        Assert.True(outcome.Applied);
        Assert.Equal([TransferResult.Ok], outcome.Results);
        Assert.Equal(new AccountBalance(0, 3_990, 0, 0), ledger[External].Balance);
        Assert.Equal(new AccountBalance(0, 0, 0, 3_990), ledger[Wallet].Balance);
        var transfer = Assert.Single(outcome.Created);
        Assert.Equal(1, transfer.Sequence);
        Assert.Equal(External, transfer.DebitAccountId);
        Assert.Equal(Wallet, transfer.CreditAccountId);
        Assert.Equal(Asset.Money, transfer.Asset);
        Assert.Equal(Now, transfer.TimestampUtc);
        Assert.Null(transfer.ExpiresAtUtc);
        Assert.Equal(1, ledger.Head.LastSequence);
        Assert.Equal(transfer.Hash, ledger.Head.LastHash);
    }

    [Fact]
    public void A_pending_transfer_holds_the_amount_without_posting_it()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 1_000));

        var outcome = ledger.Post(Now, Hold(Guid.NewGuid(), Wallet, Fees, 300));

        Assert.True(outcome.Applied);
        Assert.Equal(new AccountBalance(300, 0, 0, 1_000), ledger[Wallet].Balance);
        Assert.Equal(new AccountBalance(0, 0, 300, 0), ledger[Fees].Balance);
        Assert.Equal(700, ledger[Wallet].Balance.Available);
        Assert.Equal(300, ledger[Wallet].Balance.Held);
    }

    [Fact]
    public void Posting_part_of_a_pending_transfer_posts_that_part_and_releases_the_rest()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));

        var outcome = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 120, TransferCode.Purchase, "order:1"));

        Assert.True(outcome.Applied);
        Assert.Equal(new AccountBalance(0, 120, 0, 1_000), ledger[Wallet].Balance);
        Assert.Equal(new AccountBalance(0, 0, 0, 120), ledger[Fees].Balance);
        Assert.Equal(880, ledger[Wallet].Balance.Available);
        var post = Assert.Single(outcome.Created);
        Assert.Equal(120, post.Amount);
        Assert.Equal(hold, post.PendingId);
        Assert.Equal(Wallet, post.DebitAccountId);
        Assert.Equal(Fees, post.CreditAccountId);
        Assert.Equal(TransferFlags.PostPending, post.Flags);
    }

    [Fact]
    public void Posting_the_whole_pending_amount_moves_all_of_it()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));

        var outcome = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 300, TransferCode.Purchase, "order:1"));

        Assert.True(outcome.Applied);
        Assert.Equal(new AccountBalance(0, 300, 0, 1_000), ledger[Wallet].Balance);
        Assert.Equal(new AccountBalance(0, 0, 0, 300), ledger[Fees].Balance);
    }

    [Fact]
    public void Voiding_a_pending_transfer_releases_the_whole_hold()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));

        var outcome = ledger.Post(Now, TransferRequest.Void(Guid.NewGuid(), hold, TransferCode.Release, "order:1"));

        Assert.True(outcome.Applied);
        Assert.Equal(new AccountBalance(0, 0, 0, 1_000), ledger[Wallet].Balance);
        Assert.Equal(new AccountBalance(0, 0, 0, 0), ledger[Fees].Balance);
        var release = Assert.Single(outcome.Created);
        Assert.Equal(300, release.Amount);
        Assert.Equal(TransferFlags.VoidPending, release.Flags);
    }

    [Fact]
    public void A_void_may_name_the_pending_amount_but_no_other()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));

        var wrong = ledger.Post(Now, TransferRequest.Void(Guid.NewGuid(), hold, TransferCode.Release, "r") with { Amount = 299 });
        var exact = ledger.Post(Now, TransferRequest.Void(Guid.NewGuid(), hold, TransferCode.Release, "r") with { Amount = 300 });

        Assert.Equal([TransferResult.ExceedsPendingAmount], wrong.Results);
        Assert.True(exact.Applied);
        Assert.Equal(new AccountBalance(0, 0, 0, 1_000), ledger[Wallet].Balance);
    }

    [Fact]
    public void A_pending_transfer_cannot_be_resolved_twice()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));
        ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "order:1"));
        var before = Balances(ledger);

        var secondPost = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "order:1"));
        var lateVoid = ledger.Post(Now, TransferRequest.Void(Guid.NewGuid(), hold, TransferCode.Release, "order:1"));

        Assert.Equal([TransferResult.PendingTransferAlreadyResolved], secondPost.Results);
        Assert.Equal([TransferResult.PendingTransferAlreadyResolved], lateVoid.Results);
        Assert.Empty(secondPost.Created);
        Assert.Equal(before, Balances(ledger));
    }

    [Fact]
    public void A_pending_transfer_cannot_be_resolved_twice_within_one_batch()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));

        var outcome = ledger.Post(
            Now,
            TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "a"),
            TransferRequest.Void(Guid.NewGuid(), hold, TransferCode.Release, "b"));

        Assert.Equal([TransferResult.LinkedTransferFailed, TransferResult.PendingTransferAlreadyResolved], outcome.Results);
        Assert.Equal(new AccountBalance(300, 0, 0, 1_000), ledger[Wallet].Balance);
    }

    [Fact]
    public void Retrying_a_post_that_was_applied_reports_Exists_rather_than_already_resolved()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));
        var post = TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "order:1");
        ledger.Post(Now, post);
        var before = Balances(ledger);

        var retry = ledger.Post(Now.AddMinutes(1), post);

        Assert.Equal([TransferResult.Exists], retry.Results);
        Assert.True(retry.Applied);
        Assert.Empty(retry.Created);
        Assert.Equal(before, Balances(ledger));
    }

    [Fact]
    public void Posting_more_than_is_pending_is_refused()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));

        var outcome = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 301, TransferCode.Purchase, "r"));

        Assert.Equal([TransferResult.ExceedsPendingAmount], outcome.Results);
        Assert.Equal(new AccountBalance(300, 0, 0, 1_000), ledger[Wallet].Balance);
    }

    [Fact]
    public void An_expired_pending_transfer_cannot_be_posted_but_can_still_be_voided()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        var created = ledger.Post(Now, Hold(hold, Wallet, Fees, 300) with { Timeout = TimeSpan.FromMinutes(10) });
        Assert.Equal(Now.AddMinutes(10), Assert.Single(created.Created).ExpiresAtUtc);

        var late = ledger.Post(Now.AddMinutes(10), TransferRequest.Post(Guid.NewGuid(), hold, 300, TransferCode.Purchase, "r"));
        Assert.Equal([TransferResult.PendingTransferExpired], late.Results);
        Assert.Equal(new AccountBalance(300, 0, 0, 1_000), ledger[Wallet].Balance);

        var release = ledger.Post(Now.AddHours(5), TransferRequest.Void(Guid.NewGuid(), hold, TransferCode.Expiry, "r"));
        Assert.True(release.Applied);
        Assert.Equal(new AccountBalance(0, 0, 0, 1_000), ledger[Wallet].Balance);
        Assert.Equal(new AccountBalance(0, 0, 0, 0), ledger[Fees].Balance);
    }

    [Fact]
    public void A_pending_transfer_can_be_posted_until_the_instant_it_expires()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300) with { Timeout = TimeSpan.FromMinutes(10) });

        var outcome = ledger.Post(Now.AddMinutes(10).AddTicks(-1), TransferRequest.Post(Guid.NewGuid(), hold, 300, TransferCode.Purchase, "r"));

        Assert.True(outcome.Applied);
        Assert.Equal(new AccountBalance(0, 300, 0, 1_000), ledger[Wallet].Balance);
    }

    [Fact]
    public void Times_are_kept_in_whole_microseconds_and_a_finer_timeout_is_rounded_up_the_same_way_on_every_retry()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        var at = Now.AddTicks(1_234_567);
        ledger.Post(at, Fund(Wallet, 1_000));
        var request = Hold(hold, Wallet, Fees, 300) with { Timeout = TimeSpan.FromTicks(6_000_000_001) };

        var created = Assert.Single(ledger.Post(at, request).Created);
        var retried = ledger.Post(at.AddTicks(5), request);

        Assert.Equal(Now.AddTicks(1_234_560), created.TimestampUtc);
        Assert.Equal(Now.AddTicks(1_234_560 + 6_000_000_010), created.ExpiresAtUtc);
        Assert.Equal([TransferResult.Exists], retried.Results);
        Assert.Equal([TransferResult.ExistsWithDifferentFields], ledger.Post(at, request with { Timeout = TimeSpan.FromTicks(6_000_000_011) }).Results);
    }

    [Fact]
    public void A_positive_timeout_is_only_for_pending_transfers()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 1_000));

        var outcome = ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, Fees, 10) with { Timeout = TimeSpan.FromSeconds(60) });

        Assert.Equal([TransferResult.TimeoutRequiresPending], outcome.Results);
    }

    [Theory]
    [InlineData(TransferFlags.Pending)]
    [InlineData(TransferFlags.None)]
    public void A_negative_timeout_is_refused_as_negative(TransferFlags flags)
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 1_000));

        var aSecond = ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, Fees, 10) with { Flags = flags, Timeout = TimeSpan.FromSeconds(-1) });
        var aTick = ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, Fees, 10) with { Flags = flags, Timeout = TimeSpan.FromTicks(-1) });

        Assert.Equal([TransferResult.TimeoutMustNotBeNegative], aSecond.Results);
        Assert.Equal([TransferResult.TimeoutMustNotBeNegative], aTick.Results);
        Assert.Equal(new AccountBalance(0, 0, 0, 1_000), ledger[Wallet].Balance);
    }

    [Fact]
    public void A_zero_timeout_means_no_timeout()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));

        var created = ledger.Post(Now, Hold(hold, Wallet, Fees, 300) with { Timeout = TimeSpan.Zero });
        var muchLater = ledger.Post(Now.AddYears(5), TransferRequest.Post(Guid.NewGuid(), hold, 300, TransferCode.Purchase, "order:1"));

        Assert.True(created.Applied);
        Assert.Null(Assert.Single(created.Created).ExpiresAtUtc);
        Assert.True(muchLater.Applied);
        Assert.Equal(new AccountBalance(0, 300, 0, 1_000), ledger[Wallet].Balance);
    }

    [Fact]
    public void A_zero_timeout_is_allowed_on_transfers_that_are_not_pending()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();

        var single = ledger.Post(Now, Fund(Wallet, 1_000) with { Timeout = TimeSpan.Zero });
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));
        var post = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "order:1") with { Timeout = TimeSpan.Zero });

        Assert.True(single.Applied);
        Assert.True(post.Applied);
        Assert.All(ledger.Chain, t => Assert.Null(t.ExpiresAtUtc));
    }

    [Fact]
    public void Retrying_a_pending_transfer_without_a_timeout_reports_Exists_whether_it_says_zero_or_nothing()
    {
        var ledger = NewLedger();
        var zero = Hold(Guid.NewGuid(), Wallet, Fees, 300) with { Timeout = TimeSpan.Zero };
        var none = Hold(Guid.NewGuid(), Wallet, Fees, 200) with { Timeout = null };
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, zero, none);
        var before = Balances(ledger);

        var asBefore = ledger.Post(Now.AddMinutes(1), zero, none);
        var theOtherWay = ledger.Post(Now.AddMinutes(1), zero with { Timeout = null }, none with { Timeout = TimeSpan.Zero });

        Assert.Equal([TransferResult.Exists, TransferResult.Exists], asBefore.Results);
        Assert.Equal([TransferResult.Exists, TransferResult.Exists], theOtherWay.Results);
        Assert.Equal(before, Balances(ledger));
        Assert.Equal(3, ledger.Chain.Count);
    }

    [Fact]
    public void An_overdraft_on_a_wallet_is_refused_with_ExceedsCredits_and_changes_nothing()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 100));
        var before = Balances(ledger);
        var head = (ledger.Head.LastSequence, ledger.Head.LastHash);

        var spend = ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, Fees, 101));
        var hold = ledger.Post(Now, Hold(Guid.NewGuid(), Wallet, Fees, 101));

        Assert.Equal([TransferResult.ExceedsCredits], spend.Results);
        Assert.Equal([TransferResult.ExceedsCredits], hold.Results);
        Assert.False(spend.Applied);
        Assert.Empty(spend.Created);
        Assert.Equal(before, Balances(ledger));
        Assert.Equal(head, (ledger.Head.LastSequence, ledger.Head.LastHash));
        Assert.True(ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, Fees, 100)).Applied);
    }

    [Fact]
    public void Held_money_cannot_be_spent_again()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 100));
        ledger.Post(Now, Hold(Guid.NewGuid(), Wallet, Fees, 60));

        var outcome = ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, OtherWallet, 41));

        Assert.Equal([TransferResult.ExceedsCredits], outcome.Results);
        Assert.True(ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, OtherWallet, 40)).Applied);
        Assert.Equal(0, ledger[Wallet].Balance.Available);
    }

    [Fact]
    public void Money_received_but_only_pending_cannot_be_spent_yet()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Hold(Guid.NewGuid(), External, Wallet, 500));

        var outcome = ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, Fees, 1));

        Assert.Equal([TransferResult.ExceedsCredits], outcome.Results);
    }

    [Fact]
    public void Crediting_a_debit_normal_account_beyond_its_debits_is_refused_with_ExceedsDebits()
    {
        var ledger = NewLedger();
        ledger.Post(Now, new TransferRequest(Guid.NewGuid(), BankPool, TokWallet, 1_000, TransferCode.TopUp, "mint"));
        ledger.Post(Now, new TransferRequest(Guid.NewGuid(), Loan, TokWallet, 300, TransferCode.LoanDisbursement, "loan"));

        var overpaid = ledger.Post(Now, new TransferRequest(Guid.NewGuid(), TokWallet, Loan, 301, TransferCode.Repayment, "repay"));
        var repaid = ledger.Post(Now, new TransferRequest(Guid.NewGuid(), TokWallet, Loan, 300, TransferCode.Repayment, "repay"));

        Assert.Equal([TransferResult.ExceedsDebits], overpaid.Results);
        Assert.True(repaid.Applied);
        Assert.Equal(new AccountBalance(0, 300, 0, 300), ledger[Loan].Balance);
    }

    [Fact]
    public void Accounts_on_different_assets_cannot_trade_with_each_other()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 1_000));

        var outcome = ledger.Post(Now, Spend(Guid.NewGuid(), Wallet, TokWallet, 10));

        Assert.Equal([TransferResult.AccountsOnDifferentLedgers], outcome.Results);
        Assert.Equal(new AccountBalance(0, 0, 0, 0), ledger[TokWallet].Balance);
    }

    [Theory]
    [InlineData(0, Wallet, Fees, TransferResult.AmountMustBePositive)]
    [InlineData(-5, Wallet, Fees, TransferResult.AmountMustBePositive)]
    [InlineData(5, Wallet, Wallet, TransferResult.AccountsMustDiffer)]
    [InlineData(5, 999, Fees, TransferResult.DebitAccountNotFound)]
    [InlineData(5, Wallet, 999, TransferResult.CreditAccountNotFound)]
    public void A_malformed_transfer_is_refused_with_its_reason(long amount, long debit, long credit, TransferResult expected)
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 1_000));

        var outcome = ledger.Post(Now, Spend(Guid.NewGuid(), debit, credit, amount));

        Assert.Equal([expected], outcome.Results);
    }

    [Fact]
    public void A_reference_longer_than_the_column_is_refused()
    {
        var ledger = NewLedger();

        var outcome = ledger.Post(Now, Fund(Wallet, 1) with { Reference = new string('r', Transfer.ReferenceMaxLength + 1) });

        Assert.Equal([TransferResult.ReferenceTooLong], outcome.Results);
        Assert.True(ledger.Post(Now, Fund(Wallet, 1) with { Reference = new string('r', Transfer.ReferenceMaxLength) }).Applied);
    }

    [Fact]
    public void A_reference_that_is_not_well_formed_UTF16_is_refused()
    {
        // Not [InlineData]: attribute arguments are stored as UTF-8, which has no lone surrogates either.
        string[] references = ["\uD800", "a\uDC00b", "order:\uDBFF", "\uDC00\uD800"];
        var ledger = NewLedger();

        var outcomes = references.Select(reference => ledger.Post(Now, Fund(Wallet, 1) with { Reference = reference })).ToList();

        Assert.All(outcomes, outcome => Assert.Equal([TransferResult.ReferenceIsNotValidText], outcome.Results));
        Assert.Empty(ledger.Chain);
    }

    [Fact]
    public void A_reference_in_any_script_is_kept_exactly_and_retries_as_Exists()
    {
        var ledger = NewLedger();
        var funding = Fund(Wallet, 1) with { Reference = "订单:42 🙂" };

        var first = ledger.Post(Now, funding);
        var retry = ledger.Post(Now, funding);
        var other = ledger.Post(Now, funding with { Reference = "订单:42 🙃" });

        Assert.True(first.Applied);
        Assert.Equal([TransferResult.Exists], retry.Results);
        Assert.Equal([TransferResult.ExistsWithDifferentFields], other.Results);
        Assert.Equal("订单:42 🙂", Assert.Single(ledger.Chain).Reference);
    }

    [Fact]
    public void A_counter_that_would_overflow_is_refused_instead_of_wrapping()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, long.MaxValue - 10));

        var outcome = ledger.Post(Now, Fund(Wallet, 11));

        Assert.Equal([TransferResult.Overflow], outcome.Results);
        Assert.Equal(long.MaxValue - 10, ledger[Wallet].CreditsPosted);
    }

    [Fact]
    public void Retrying_a_transfer_with_the_same_id_and_fields_reports_Exists_and_changes_nothing()
    {
        var ledger = NewLedger();
        var funding = Fund(Wallet, 1_000);
        var hold = Hold(Guid.NewGuid(), Wallet, Fees, 300) with { Timeout = TimeSpan.FromMinutes(5) };
        ledger.Post(Now, funding);
        ledger.Post(Now, hold);
        var before = Balances(ledger);
        var head = (ledger.Head.LastSequence, ledger.Head.LastHash);

        var outcome = ledger.Post(Now.AddMinutes(1), funding, hold);

        Assert.Equal([TransferResult.Exists, TransferResult.Exists], outcome.Results);
        Assert.True(outcome.Applied);
        Assert.Empty(outcome.Created);
        Assert.Equal(before, Balances(ledger));
        Assert.Equal(head, (ledger.Head.LastSequence, ledger.Head.LastHash));
        Assert.Equal(2, ledger.Chain.Count);
    }

    [Theory]
    [InlineData("amount")]
    [InlineData("debit")]
    [InlineData("credit")]
    [InlineData("code")]
    [InlineData("reference")]
    [InlineData("flags")]
    public void Reusing_an_id_with_different_fields_reports_ExistsWithDifferentFields(string field)
    {
        var ledger = NewLedger();
        var original = Spend(Guid.NewGuid(), Wallet, Fees, 100);
        ledger.Post(Now, Fund(Wallet, 1_000), Fund(OtherWallet, 1_000));
        ledger.Post(Now, original);
        var before = Balances(ledger);

        var changed = field switch
        {
            "amount" => original with { Amount = 101 },
            "debit" => original with { DebitAccountId = OtherWallet },
            "credit" => original with { CreditAccountId = OtherWallet },
            "code" => original with { Code = TransferCode.Refund },
            "reference" => original with { Reference = original.Reference + "!" },
            "flags" => original with { Flags = TransferFlags.Pending },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        var outcome = ledger.Post(Now, changed);

        Assert.Equal([TransferResult.ExistsWithDifferentFields], outcome.Results);
        Assert.False(outcome.Applied);
        Assert.Equal(before, Balances(ledger));
    }

    [Fact]
    public void Reusing_a_posts_id_with_a_different_amount_reports_ExistsWithDifferentFields()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300));
        var post = TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "order:1");
        ledger.Post(Now, post);

        var outcome = ledger.Post(Now, post with { Amount = 200 });

        Assert.Equal([TransferResult.ExistsWithDifferentFields], outcome.Results);
    }

    [Fact]
    public void The_same_id_twice_in_one_batch_is_refused()
    {
        var ledger = NewLedger();
        var id = Guid.NewGuid();

        var outcome = ledger.Post(Now, Fund(Wallet, 10) with { Id = id }, Fund(OtherWallet, 10) with { Id = id });

        Assert.Equal([TransferResult.LinkedTransferFailed, TransferResult.DuplicateIdInBatch], outcome.Results);
        Assert.Equal(0, ledger[Wallet].CreditsPosted);
    }

    [Fact]
    public void One_failing_transfer_fails_the_whole_batch_and_leaves_every_account_untouched()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 1_000));
        var before = Balances(ledger);
        var versions = ledger.Accounts.ToDictionary(a => a.Key, a => a.Value.Version);
        var head = (ledger.Head.LastSequence, ledger.Head.LastHash, ledger.Head.Version);
        var batch = new[]
        {
            Fund(OtherWallet, 500),
            Spend(Guid.NewGuid(), Wallet, Fees, 100),
            Hold(Guid.NewGuid(), Wallet, OtherWallet, 200),
            Spend(Guid.NewGuid(), OtherWallet, Fees, 10_000),
        };

        var outcome = ledger.Post(Now, batch);

        Assert.False(outcome.Applied);
        Assert.Equal(
            [TransferResult.LinkedTransferFailed, TransferResult.LinkedTransferFailed, TransferResult.LinkedTransferFailed, TransferResult.ExceedsCredits],
            outcome.Results);
        Assert.Empty(outcome.Created);
        Assert.Equal(before, Balances(ledger));
        Assert.Equal(head, (ledger.Head.LastSequence, ledger.Head.LastHash, ledger.Head.Version));
        Assert.Equal(versions, ledger.Accounts.ToDictionary(a => a.Key, a => a.Value.Version));

        // The ids were not used up: the good part of the batch applies on its own.
        Assert.True(ledger.Post(Now, batch[..3]).Applied);
    }

    [Fact]
    public void A_batch_sees_its_own_earlier_transfers()
    {
        var ledger = NewLedger();

        var outcome = ledger.Post(Now, Fund(Wallet, 100), Spend(Guid.NewGuid(), Wallet, OtherWallet, 100), Spend(Guid.NewGuid(), OtherWallet, Fees, 60));

        Assert.True(outcome.Applied);
        Assert.Equal(new AccountBalance(0, 100, 0, 100), ledger[Wallet].Balance);
        Assert.Equal(new AccountBalance(0, 60, 0, 100), ledger[OtherWallet].Balance);
        Assert.Equal(new AccountBalance(0, 0, 0, 60), ledger[Fees].Balance);
    }

    [Fact]
    public void A_pending_transfer_and_its_post_can_share_a_batch()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));

        var outcome = ledger.Post(
            Now,
            Hold(hold, Wallet, Fees, 400) with { Timeout = TimeSpan.FromMinutes(1) },
            TransferRequest.Post(Guid.NewGuid(), hold, 250, TransferCode.Purchase, "order:2"));

        Assert.Equal([TransferResult.Ok, TransferResult.Ok], outcome.Results);
        Assert.Equal(new AccountBalance(0, 250, 0, 1_000), ledger[Wallet].Balance);
        Assert.Equal(new AccountBalance(0, 0, 0, 250), ledger[Fees].Balance);
        Assert.Equal([TransferFlags.Pending, TransferFlags.PostPending], outcome.Created.Select(t => t.Flags));
    }

    [Fact]
    public void A_post_cannot_resolve_a_pending_transfer_that_comes_later_in_the_batch_or_is_single_phase()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        var single = Fund(Wallet, 1_000);
        ledger.Post(Now, single);

        var early = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 10, TransferCode.Purchase, "r"), Hold(hold, Wallet, Fees, 100));
        var notPending = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), single.Id, 10, TransferCode.Purchase, "r"));
        var noPendingId = ledger.Post(Now, new TransferRequest(Guid.NewGuid(), 0, 0, 10, TransferCode.Purchase, "r", TransferFlags.PostPending));

        Assert.Equal([TransferResult.PendingTransferNotFound, TransferResult.LinkedTransferFailed], early.Results);
        Assert.Equal([TransferResult.PendingTransferNotFound], notPending.Results);
        Assert.Equal([TransferResult.PendingIdRequired], noPendingId.Results);
    }

    [Fact]
    public void A_post_naming_other_accounts_than_its_pending_transfer_is_refused()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 100));

        var outcome = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "r") with { CreditAccountId = OtherWallet });
        var named = ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "r") with { DebitAccountId = Wallet, CreditAccountId = Fees });

        Assert.Equal([TransferResult.AccountsDifferFromPending], outcome.Results);
        Assert.True(named.Applied);
    }

    [Theory]
    [InlineData(TransferFlags.Pending | TransferFlags.PostPending)]
    [InlineData(TransferFlags.PostPending | TransferFlags.VoidPending)]
    [InlineData((TransferFlags)8)]
    public void Combined_or_unknown_flags_are_refused(TransferFlags flags)
    {
        var ledger = NewLedger();

        var outcome = ledger.Post(Now, Fund(Wallet, 10) with { Flags = flags });

        Assert.Equal([TransferResult.FlagsAreInvalid], outcome.Results);
    }

    [Fact]
    public void Every_created_transfer_links_to_the_hash_of_the_one_before_it()
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000), Fund(OtherWallet, 1_000));
        ledger.Post(Now.AddSeconds(1), Hold(hold, Wallet, Fees, 300) with { Timeout = TimeSpan.FromHours(1) });
        ledger.Post(Now.AddSeconds(2), Spend(Guid.NewGuid(), Wallet, Fees, 50));
        ledger.Post(Now.AddSeconds(3), Spend(Guid.NewGuid(), OtherWallet, Fees, 5_000)); // refused: adds no link
        ledger.Post(Now.AddSeconds(4), TransferRequest.Post(Guid.NewGuid(), hold, 10, TransferCode.Purchase, "p"));

        Assert.Equal([1L, 2, 3, 4, 5], ledger.Chain.Select(t => t.Sequence));
        var previous = Transfer.GenesisHash;
        foreach (var transfer in ledger.Chain)
        {
            Assert.Equal(previous, transfer.PreviousHash);
            Assert.Equal(transfer.ComputeHash(), transfer.Hash);
            Assert.Matches("^[0-9a-f]{64}$", transfer.Hash);
            previous = transfer.Hash;
        }

        Assert.Equal(previous, ledger.Head.LastHash);
        Assert.Equal(5, ledger.Head.LastSequence);
        Assert.Equal(5, ledger.Chain.Select(t => t.Hash).Distinct().Count());
    }

    [Fact]
    public void A_transfers_hash_depends_on_its_fields_and_on_its_predecessor_only()
    {
        var firstLink = Fund(Wallet, 1);
        var secondLink = Fund(Wallet, 2);
        var original = NewLedger();
        original.Post(Now, firstLink);
        original.Post(Now, secondLink);
        var replayed = NewLedger();
        replayed.Post(Now, firstLink);
        replayed.Post(Now, secondLink);
        var forked = NewLedger();
        forked.Post(Now, firstLink with { Amount = 5 });
        forked.Post(Now, secondLink);

        Assert.Equal(original.Chain.Select(t => t.Hash), replayed.Chain.Select(t => t.Hash));
        Assert.Equal(original.Chain[1].CanonicalText().Split('|')[..^1], forked.Chain[1].CanonicalText().Split('|')[..^1]);
        Assert.NotEqual(original.Chain[1].Hash, forked.Chain[1].Hash);
    }

    [Theory]
    [InlineData(nameof(Transfer.Sequence))]
    [InlineData(nameof(Transfer.Id))]
    [InlineData(nameof(Transfer.DebitAccountId))]
    [InlineData(nameof(Transfer.CreditAccountId))]
    [InlineData(nameof(Transfer.Amount))]
    [InlineData(nameof(Transfer.Asset))]
    [InlineData(nameof(Transfer.Code))]
    [InlineData(nameof(Transfer.Flags))]
    [InlineData(nameof(Transfer.PendingId))]
    [InlineData(nameof(Transfer.ExpiresAtUtc))]
    [InlineData(nameof(Transfer.Reference))]
    [InlineData(nameof(Transfer.TimestampUtc))]
    [InlineData(nameof(Transfer.PreviousHash))]
    public void Altering_any_field_of_a_transfer_changes_its_hash(string field)
    {
        var ledger = NewLedger();
        var hold = Guid.NewGuid();
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, Hold(hold, Wallet, Fees, 300) with { Timeout = TimeSpan.FromMinutes(5) });
        ledger.Post(Now, TransferRequest.Post(Guid.NewGuid(), hold, 100, TransferCode.Purchase, "order:1"));
        var transfer = field == nameof(Transfer.PendingId) ? ledger.Chain[2] : ledger.Chain[1];
        var original = transfer.Hash;
        Assert.Equal(original, transfer.ComputeHash());

        object? altered = field switch
        {
            nameof(Transfer.Sequence) => transfer.Sequence + 1,
            nameof(Transfer.Id) => Guid.NewGuid(),
            nameof(Transfer.DebitAccountId) => transfer.DebitAccountId + 1,
            nameof(Transfer.CreditAccountId) => transfer.CreditAccountId + 1,
            nameof(Transfer.Amount) => transfer.Amount + 1,
            nameof(Transfer.Asset) => Asset.Tok,
            nameof(Transfer.Code) => TransferCode.Refund,
            nameof(Transfer.Flags) => TransferFlags.None,
            nameof(Transfer.PendingId) => (Guid?)Guid.NewGuid(),
            nameof(Transfer.ExpiresAtUtc) => (DateTime?)transfer.ExpiresAtUtc!.Value.AddTicks(1),
            nameof(Transfer.Reference) => transfer.Reference + " ",
            nameof(Transfer.TimestampUtc) => transfer.TimestampUtc.AddTicks(1),
            nameof(Transfer.PreviousHash) => Transfer.GenesisHash,
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        TestOnly.SetPrivate(transfer, field, altered);

        Assert.NotEqual(original, transfer.ComputeHash());
    }

    [Fact]
    public void Removing_an_optional_field_changes_the_hash()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Hold(Guid.NewGuid(), External, Wallet, 300) with { Timeout = TimeSpan.FromMinutes(5) });
        var transfer = ledger.Chain[0];

        TestOnly.SetPrivate(transfer, nameof(Transfer.ExpiresAtUtc), null);

        Assert.NotEqual(transfer.Hash, transfer.ComputeHash());
    }

    [Fact]
    public void Retrying_a_pending_transfer_with_a_different_timeout_reports_ExistsWithDifferentFields()
    {
        var ledger = NewLedger();
        var hold = Hold(Guid.NewGuid(), Wallet, Fees, 300) with { Timeout = TimeSpan.FromMinutes(5) };
        ledger.Post(Now, Fund(Wallet, 1_000));
        ledger.Post(Now, hold);

        // The caller believes it holds the money for a day; the stored hold expires in five minutes.
        var outcome = ledger.Post(Now, hold with { Timeout = TimeSpan.FromDays(1) });
        var withoutTimeout = ledger.Post(Now, hold with { Timeout = null });
        var withZeroTimeout = ledger.Post(Now, hold with { Timeout = TimeSpan.Zero });

        Assert.Equal([TransferResult.ExistsWithDifferentFields], outcome.Results);
        Assert.Equal([TransferResult.ExistsWithDifferentFields], withoutTimeout.Results);
        Assert.Equal([TransferResult.ExistsWithDifferentFields], withZeroTimeout.Results);
    }

    [Fact]
    public void A_timeout_too_large_for_the_calendar_is_refused_rather_than_thrown()
    {
        var ledger = NewLedger();
        ledger.Post(Now, Fund(Wallet, 1_000));

        var outcome = ledger.Post(Now, Hold(Guid.NewGuid(), Wallet, Fees, 300) with { Timeout = TimeSpan.MaxValue });

        Assert.False(outcome.Applied);
        Assert.Equal(new AccountBalance(0, 0, 0, 1_000), ledger[Wallet].Balance);
    }

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void A_clock_that_is_not_UTC_is_a_bug_in_the_caller_and_throws(DateTimeKind kind)
    {
        var ledger = NewLedger();
        var head = (ledger.Head.LastSequence, ledger.Head.LastHash);

        Assert.Throws<ArgumentException>(() => ledger.Post(DateTime.SpecifyKind(Now, kind), Fund(Wallet, 1)));
        Assert.Equal(head, (ledger.Head.LastSequence, ledger.Head.LastHash));
        Assert.Empty(ledger.Chain);
    }

    private static InMemoryLedger NewLedger() => new InMemoryLedger()
        .Open(External, Asset.Money, AccountCode.External, AccountFlags.None)
        .Open(Fees, Asset.Money, AccountCode.Fees, AccountFlags.DebitsMustNotExceedCredits)
        .Open(Wallet, Asset.Money, AccountCode.Wallet, AccountFlags.DebitsMustNotExceedCredits)
        .Open(OtherWallet, Asset.Money, AccountCode.Wallet, AccountFlags.DebitsMustNotExceedCredits)
        .Open(BankPool, Asset.Tok, AccountCode.BankPool, AccountFlags.None)
        .Open(TokWallet, Asset.Tok, AccountCode.Wallet, AccountFlags.DebitsMustNotExceedCredits)
        .Open(Loan, Asset.Tok, AccountCode.Loan, AccountFlags.CreditsMustNotExceedDebits);

    private static TransferRequest Fund(long wallet, long amount) =>
        new(Guid.NewGuid(), External, wallet, amount, TransferCode.TopUp, "topup:test");

    private static TransferRequest Spend(Guid id, long from, long to, long amount) =>
        new(id, from, to, amount, TransferCode.Purchase, "order:test");

    private static TransferRequest Hold(Guid id, long from, long to, long amount) =>
        new(id, from, to, amount, TransferCode.Purchase, "order:test", TransferFlags.Pending);

    private static Dictionary<long, AccountBalance> Balances(InMemoryLedger ledger) =>
        ledger.Accounts.ToDictionary(a => a.Key, a => a.Value.Balance);
}
