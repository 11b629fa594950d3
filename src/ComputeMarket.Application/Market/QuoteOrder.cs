using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Market;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>What an order of <see cref="Tokens"/> would hold at most, shown before the buyer confirms.</summary>
public sealed record QuoteOrder(Guid OfferId, long Tokens) : IRequest<Result<OrderQuote>>;

public sealed record OrderQuote(long Tokens, long MaxCost, long InputPricePerMillion, long OutputPricePerMillion, string? Problem);

/// <summary>The same bounds as an order: a quote for more than an offer can ever hold is refused, not computed.</summary>
public sealed class QuoteOrderValidator : AbstractValidator<QuoteOrder>
{
    public QuoteOrderValidator() =>
        RuleFor(r => r.Tokens).InclusiveBetween(1, Offer.MaxQuotaTokens).WithMessage(PlaceOrderValidator.TokensMessage);
}

internal sealed class QuoteOrderHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<QuoteOrder, Result<OrderQuote>>
{
    public async Task<Result<OrderQuote>> Handle(QuoteOrder request, CancellationToken cancellationToken)
    {
        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OfferId && o.Status != OfferStatus.Draft, cancellationToken);
        if (offer is null)
        {
            return Result<OrderQuote>.NotFound("There is no such offer.");
        }

        if (request.Tokens <= 0)
        {
            return Result<OrderQuote>.Invalid(nameof(request.Tokens), PlaceOrderValidator.TokensMessage);
        }

        return new OrderQuote(
            request.Tokens,
            Pricing.MaxCost(request.Tokens, offer.MaxPricePerMillion),
            offer.InputPricePerMillion,
            offer.OutputPricePerMillion,
            offer.WhyCannotReserve(request.Tokens, clock.GetUtcNow().UtcDateTime));
    }
}
