using ComputeMarket.Domain.Market;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>
/// Why an offer cannot be reserved or moved, in the reader's language: the offer decides (<see cref="Offer.WhyCannotReserve"/>,
/// its status moves), this says it with the same facts.
/// </summary>
public static class OfferRefusals
{
    /// <summary>The localized reason <see cref="Offer.WhyCannotReserve"/> gives, or null when the tokens can be reserved.</summary>
    public static string? WhyCannotReserve(this IStringLocalizer<Messages> localizer, Offer offer, long tokens, DateTime nowUtc) =>
        offer.WhyCannotReserve(tokens, nowUtc) is null ? null
        : (offer.Status == OfferStatus.SoldOut || (offer.Status == OfferStatus.Active && offer.RemainingTokens == 0) ? localizer["This offer is sold out."]
        : offer.Status != OfferStatus.Active ? localizer["This offer is not on sale."]
        : nowUtc >= offer.AvailableUntilUtc ? localizer["This offer's availability window has ended."]
        : tokens < offer.MinimumPurchaseTokens ? localizer["The minimum purchase is {0:N0} tokens.", offer.MinimumPurchaseTokens]
        : localizer["Only {0:N0} tokens are left; the offer cannot be oversold.", offer.RemainingTokens]).Value;

    /// <summary>A listing's status as a provider reads it.</summary>
    public static string StatusName(this IStringLocalizer<Messages> localizer, OfferStatus status) => status switch
    {
        OfferStatus.Draft => localizer["draft"],
        OfferStatus.Active => localizer["active"],
        OfferStatus.Paused => localizer["paused"],
        OfferStatus.SoldOut => localizer["sold out"],
        OfferStatus.Expired => localizer["expired"],
        _ => localizer["retired"],
    };
}
