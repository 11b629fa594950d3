using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Application.Market;

/// <summary>
/// What an order of <see cref="Tokens"/> would hold at most, shown before the buyer confirms. With the buying
/// organization (one the person may buy for), the quote also tells its wallet's available balance and this month's
/// spending, and refuses up front, with the numbers, an order the wallet cannot pay or that would pass the monthly limit.
/// </summary>
public sealed record QuoteOrder(Guid OfferId, long Tokens, Guid? BuyerOrganizationId = null) : IRequest<Result<OrderQuote>>;

/// <param name="Problem">Why the order cannot be placed as quoted (with the amounts), or null.</param>
/// <param name="Available">The buying organization's available wallet balance, when the person may buy for it.</param>
/// <param name="Shortfall">How much more the wallet needs for the maximum cost (0 when it is enough).</param>
/// <param name="MonthlyLimit">The organization's monthly spending limit, if it has one.</param>
/// <param name="CommittedThisMonth">What the organization has committed this month (display-zone month).</param>
/// <param name="OverLimitBy">How far this order would take the month's spending past the limit (0 when it stays within).</param>
public sealed record OrderQuote(
    long Tokens,
    long MaxCost,
    long InputPricePerMillion,
    long OutputPricePerMillion,
    string? Problem,
    long? Available = null,
    long Shortfall = 0,
    long? MonthlyLimit = null,
    long CommittedThisMonth = 0,
    long OverLimitBy = 0);

/// <summary>The same bounds as an order: a quote for more than an offer can ever hold is refused, not computed.</summary>
public sealed class QuoteOrderValidator : AbstractValidator<QuoteOrder>
{
    public QuoteOrderValidator(IStringLocalizer<Messages> localizer) =>
        RuleFor(r => r.Tokens).InclusiveBetween(1, Offer.MaxQuotaTokens).WithMessage(_ => localizer[PlaceOrderValidator.TokensMessage]);
}

internal sealed class QuoteOrderHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    TimeProvider clock,
    DisplayZone zone,
    IOptions<MoneyOptions> money,
    IStringLocalizer<Messages> localizer) : IRequestHandler<QuoteOrder, Result<OrderQuote>>
{
    public async Task<Result<OrderQuote>> Handle(QuoteOrder request, CancellationToken cancellationToken)
    {
        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OfferId && o.Status != OfferStatus.Draft, cancellationToken);
        if (offer is null)
        {
            return Result<OrderQuote>.NotFound(localizer["There is no such offer."]);
        }

        if (request.Tokens <= 0)
        {
            return Result<OrderQuote>.Invalid(nameof(request.Tokens), PlaceOrderValidator.TokensMessage);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var maxCost = Pricing.MaxCost(request.Tokens, offer.MaxPricePerMillion);
        var quote = new OrderQuote(request.Tokens, maxCost, offer.InputPricePerMillion, offer.OutputPricePerMillion, offer.WhyCannotReserve(request.Tokens, now));

        // Balances are shown only to people who may buy for the organization: the same test the purchase makes.
        if (request.BuyerOrganizationId is not { } buyerId
            || !(await db.RoleInAsync(buyerId, currentUser.UserId, cancellationToken)).IsAtLeast(MembershipRole.Purchaser))
        {
            return quote;
        }

        if (buyerId == offer.ProviderOrganizationId)
        {
            return quote with { Problem = quote.Problem ?? localizer["You cannot buy your own organization's capacity."] };
        }

        var wallet = await db.AccountIdAsync(buyerId, Asset.Money, AccountCode.Wallet, cancellationToken);
        var available = await db.AvailableAsync(wallet, cancellationToken);
        var limit = await db.Organizations.Where(o => o.Id == buyerId).Select(o => o.MonthlySpendingLimit).SingleAsync(cancellationToken);
        var committed = await db.CommittedThisMonthAsync(buyerId, now, zone, cancellationToken);
        var shortfall = Math.Max(0, maxCost - available);
        var overLimit = limit is { } monthly ? Math.Max(0, committed + maxCost - monthly) : 0;
        var problem = quote.Problem
            ?? (shortfall > 0
                ? localizer["The maximum cost is {0} but your wallet's available balance is {1}: it needs {2} more. Top up or order fewer tokens.", Amount(maxCost), Amount(available), Amount(shortfall)].Value
                : overLimit > 0
                    ? localizer["This order would take this month's spending to {0}, {1} past the monthly limit of {2}. Order fewer tokens, or ask an owner to raise the limit on the wallet page.", Amount(committed + maxCost), Amount(overLimit), Amount(limit!.Value)].Value
                    : null);
        return quote with
        {
            Problem = problem,
            Available = available,
            Shortfall = shortfall,
            MonthlyLimit = limit,
            CommittedThisMonth = committed,
            OverLimitBy = overLimit,
        };
    }

    private string Amount(long minorUnits) => MoneyText.Format(minorUnits, money.Value.Currency);
}
