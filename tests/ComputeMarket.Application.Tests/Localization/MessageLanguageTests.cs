using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Application.Tests.Organizations;
using ComputeMarket.Domain.Organizations;
using FluentValidation;

namespace ComputeMarket.Application.Tests.Localization;

/// <summary>Use cases answer in the language of the request: validation messages, refusals and notifications.</summary>
public sealed class MessageLanguageTests(SliceFixture fixture) : IClassFixture<SliceFixture>
{
    [Theory]
    [InlineData("zh-CN", "邀请的有效期为 1 到 30 天。")]
    [InlineData("en", "An invitation is valid for 1 to 30 days.")]
    public async Task A_validation_message_comes_in_the_requests_language_with_its_numbers(string language, string expected)
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Language Ltd");

        Result<CreatedInvitation> result;
        using (new CultureScope(language))
        {
            result = await fixture.Send(new CreateInvitation(owner.OrganizationId, 31), owner.UserId);
        }

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal([expected], result.Errors["ValidForDays"]);
    }

    [Theory]
    [InlineData("zh-CN", "只有组织的所有者可以邀请成员。", "找不到该组织。")]
    [InlineData("en", "Only an owner of the organization can invite members.", "There is no such organization.")]
    public async Task A_refusal_comes_in_the_requests_language(string language, string forbidden, string notFound)
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Refusing Ltd");
        var stranger = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@stranger.example", "Stranger Ltd");

        using var scope = new CultureScope(language);
        var refused = await fixture.Send(new CreateInvitation(owner.OrganizationId), stranger.UserId);
        var missing = await fixture.Send(new CreateInvitation(Guid.NewGuid()), owner.UserId);

        Assert.Equal((ResultStatus.Forbidden, forbidden), (refused.Status, refused.Message));
        Assert.Equal((ResultStatus.NotFound, notFound), (missing.Status, missing.Message));
    }

    [Fact]
    public async Task A_shared_amount_rule_and_an_offers_refusal_speak_chinese_with_their_numbers()
    {
        var provider = await fixture.ProviderAsync("Chinese Provider");
        var buyer = await fixture.BuyerAsync("Chinese Buyer", 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer());

        using var scope = new CultureScope("zh-CN");
        var tooSmall = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 999_999), buyer.UserId);
        var badPrice = await fixture.Send(new SaveOffer(provider.OrganizationId, null, Priced(fixture.AnOffer(), "abc")), provider.UserId);
        var badTopUp = await fixture.Send(new ComputeMarket.Application.Wallets.RequestTopUp(buyer.OrganizationId, "0"), buyer.UserId);

        Assert.Equal(["最低购买量为 1,000,000 Token。"], tooSmall.Errors["Tokens"]);
        Assert.Equal(["请输入输入价格（元/百万 Token），须大于零，例如 2.00。"], badPrice.Errors["Form.InputPrice"]);
        Assert.Equal(["请输入 1.00 到 100,000,000.00 之间的金额，最多两位小数。"], badTopUp.Errors["Amount"]);
    }

    [Fact]
    public async Task Notifications_are_read_in_the_readers_language_by_their_kind()
    {
        var provider = await fixture.ProviderAsync("Notice Provider");
        var buyer = await fixture.BuyerAsync("Notice Buyer", 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(outputPrice: "10.00"));
        Assert.True((await fixture.Send(new SetSpendingControls(buyer.OrganizationId, "150", "950"), buyer.UserId)).Succeeded);
        Assert.True((await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 10_000_000), buyer.UserId)).Succeeded);
        Assert.False((await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 10_000_000), buyer.UserId)).Succeeded);

        SpendingStatus chinese;
        using (new CultureScope("zh-CN"))
        {
            chinese = (await fixture.Send(new GetSpendingStatus(buyer.OrganizationId), buyer.UserId)).Value;
        }

        var english = (await fixture.Send(new GetSpendingStatus(buyer.OrganizationId), buyer.UserId)).Value;
        Assert.Contains(chinese.Notifications, n => n is { Kind: NotificationKind.LowBalance, Message: "钱包可用余额已低于您设置的余额提醒阈值。" });
        Assert.Contains(chinese.Notifications, n => n is { Kind: NotificationKind.SpendingLimitReached, Message: "一笔购买被拒绝：它会使本月支出超出每月限额。" });
        Assert.Contains(english.Notifications, n => n is { Kind: NotificationKind.LowBalance, Message: "Your wallet's available balance fell below your low-balance threshold." });
        var stored = await fixture.Query(db => Task.FromResult(db.Notifications.Where(n => n.OrganizationId == buyer.OrganizationId).Select(n => new { n.Kind, n.Message }).ToList()));
        Assert.All(stored, notification => Assert.Equal(NotificationText.English(notification.Kind), notification.Message));
    }

    [Fact]
    public void FluentValidations_own_messages_speak_chinese_for_a_chinese_request()
    {
        var validator = new InlineValidator<CreateInvitation>();
        validator.RuleFor(r => r.ValidForDays).GreaterThan(0);

        string message;
        using (new CultureScope("zh-CN"))
        {
            message = validator.Validate(new CreateInvitation(Guid.NewGuid(), 0)).Errors.Single().ErrorMessage;
        }

        Assert.Contains("必须大于", message, StringComparison.Ordinal);
    }

    private static OfferForm Priced(OfferForm form, string inputPrice)
    {
        form.InputPrice = inputPrice;
        return form;
    }
}
