using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Market;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>
/// A buyer orders <see cref="Tokens"/> of an offer on demand: the quota is reserved, the maximum cost is held on the
/// buyer's wallet (buyer Wallet → provider Wallet, pending) and an allocation opens (see <see cref="Checkout"/>). When
/// the buyer confirms a quote, the quoted prices come along: if the provider changed them meanwhile, the order is
/// refused with the new prices instead of holding a different amount than the buyer saw. A <see cref="FormToken"/>
/// makes a confirmation sent twice place one order (<see cref="FormTokens"/>).
/// </summary>
public sealed record PlaceOrder(Guid BuyerOrganizationId, Guid OfferId, long Tokens, long? QuotedInputPricePerMillion = null, long? QuotedOutputPricePerMillion = null, Guid? FormToken = null)
    : IRequest<Result<PlacedOrder>>;

/// <summary>The access key is shown once; only its hash is stored.</summary>
public sealed record PlacedOrder(Guid AllocationId, string AccessKey, long HoldAmount);

public sealed class PlaceOrderValidator : AbstractValidator<PlaceOrder>
{
    public const string TokensMessage = "Enter how many tokens you want: from 1 to 1,000,000,000,000,000.";

    public PlaceOrderValidator(IStringLocalizer<Messages> localizer) =>
        RuleFor(r => r.Tokens).InclusiveBetween(1, Offer.MaxQuotaTokens).WithMessage(_ => localizer[TokensMessage]);
}

internal sealed class PlaceOrderHandler(IAppDbContext db, Checkout checkout, IStringLocalizer<Messages> localizer) : IRequestHandler<PlaceOrder, Result<PlacedOrder>>
{
    public Task<Result<PlacedOrder>> Handle(PlaceOrder request, CancellationToken cancellationToken) =>
        checkout.BuyAsync(request.BuyerOrganizationId, nameof(request.Tokens), async ct =>
        {
            var allocationId = FormTokens.AllocationId(request.BuyerOrganizationId, request.FormToken);
            if (await db.UsedAsync(allocationId, ct))
            {
                return Result<Purchase>.Conflict(localizer["This order was already placed with this form, so it was not placed again. It is among your organization's allocations."]);
            }

            var offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == request.OfferId && o.Status != OfferStatus.Draft, ct);
            if (offer is null)
            {
                return Result<Purchase>.NotFound(localizer["There is no such offer."]);
            }

            if ((request.QuotedInputPricePerMillion is { } input && input != offer.InputPricePerMillion)
                || (request.QuotedOutputPricePerMillion is { } output && output != offer.OutputPricePerMillion))
            {
                return Result<Purchase>.Conflict(localizer["The provider changed this offer's prices after your quote. Review the new prices and confirm again."]);
            }

            return new Purchase(offer, request.Tokens, Pricing.MaxCost(request.Tokens, offer.MaxPricePerMillion), AllocationId: allocationId);
        }, cancellationToken);
}
