using ComputeMarket.Application.Market;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Market;

/// <summary>An offer's page: terms, price history, delivery record; signed-in buyers choose tokens, see the maximum cost, confirm.</summary>
public sealed class OfferModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public OrderInput Order { get; set; } = new();

    public OfferDetail Data { get; private set; } = null!;

    public OrderQuote? Quote { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    /// <summary>Step one: show what the order would hold at most, without placing it.</summary>
    public async Task<IActionResult> OnPostReviewAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } failure)
        {
            return failure;
        }

        var buyer = Order.BuyerOrganizationId == Guid.Empty ? (Guid?)null : Order.BuyerOrganizationId;
        var quote = await mediator.Send(new QuoteOrder(Id, Order.Tokens, buyer), cancellationToken);
        if (!quote.Succeeded)
        {
            return this.Failure(quote, nameof(Order));
        }

        // A refused quote stays on the page with its numbers (cost, balance, limit); only the confirmation is withheld.
        Quote = quote.Value;
        if (Quote.Problem is not null)
        {
            ModelState.AddModelError("Order.Tokens", Quote.Problem);
        }

        return Page();
    }

    /// <summary>Step two: place the order; the access key is shown once on the allocation's page.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        var placed = await mediator.Send(new PlaceOrder(Order.BuyerOrganizationId, Id, Order.Tokens, Order.QuotedInputPricePerMillion, Order.QuotedOutputPricePerMillion, Order.FormToken), cancellationToken);
        if (!placed.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(placed, nameof(Order));
        }

        TempData["AccessKey"] = placed.Value.AccessKey;
        return Redirect($"/org/{Order.BuyerOrganizationId}/allocations/{placed.Value.AllocationId}");
    }

    public async Task<IActionResult> OnPostBuyPackageAsync(Guid packageId, CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        var bought = await mediator.Send(new BuyPackage(Order.BuyerOrganizationId, packageId, Order.FormToken), cancellationToken);
        if (!bought.Succeeded)
        {
            // Shown on the packages card, under the package's own key.
            return await LoadAsync(cancellationToken) ?? this.Failure(bought, prefix: "");
        }

        TempData["AccessKey"] = bought.Value.AccessKey;
        return Redirect($"/org/{Order.BuyerOrganizationId}/allocations/{bought.Value.AllocationId}");
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var offer = await mediator.Send(new GetOffer(Id), cancellationToken);
        if (!offer.Succeeded)
        {
            return this.Failure(offer);
        }

        Data = offer.Value;
        if (Order.Tokens == 0)
        {
            Order.Tokens = Math.Max(Data.MinimumPurchaseTokens, Math.Min(10_000_000, Data.RemainingTokens));
        }

        return null;
    }

    public sealed class OrderInput
    {
        public Guid BuyerOrganizationId { get; set; }

        public long Tokens { get; set; }

        /// <summary>The prices of the quote being confirmed: an order at other prices is refused, not placed.</summary>
        public long? QuotedInputPricePerMillion { get; set; }

        public long? QuotedOutputPricePerMillion { get; set; }

        /// <summary>Generated when a purchase form is shown: the same form sent twice buys once.</summary>
        public Guid? FormToken { get; set; }
    }
}
