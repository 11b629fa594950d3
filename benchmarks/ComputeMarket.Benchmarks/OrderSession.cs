using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ComputeMarket.Benchmarks;

internal enum OrderOutcome
{
    Placed,
    Refused,
    Failed,
}

/// <summary>One placed, refused or failed order, with the time from sending the POST to reading the whole answer.</summary>
internal readonly record struct TimedOrder(OrderOutcome Outcome, double Milliseconds, string? Problem);

/// <summary>
/// A signed-in buyer on an offer's page, ordering as the page's form does: "See the maximum cost" (the Review handler)
/// once, then "Confirm and hold" (the Confirm handler) with the quoted prices, over and over. A placed order answers
/// with a redirect to the new allocation; a refused one re-renders the page with its reason.
/// </summary>
internal sealed partial class OrderSession(Uri address, Member buyer, Guid offerId) : IDisposable
{
    private const long Tokens = 1_000_000;

    private readonly BrowserSession _browser = new(address);
    private string _page = "";
    private KeyValuePair<string, string>[] _order = [];

    public Member Buyer => buyer;

    private string OfferPath => $"/market/offers/{offerId}";

    /// <summary>Signs in, opens the offer and asks for the maximum cost, as a buyer does before confirming.</summary>
    public async Task PrepareAsync()
    {
        await _browser.SignInAsync(buyer.Email, MarketSetup.Password);
        var offerPage = await _browser.GetPageAsync(OfferPath);
        var organization = buyer.OrganizationId.ToString();
        var tokens = Tokens.ToString(CultureInfo.InvariantCulture);
        using var review = await _browser.PostFormAsync($"{OfferPath}?handler=Review", offerPage, [new("Order.BuyerOrganizationId", organization), new("Order.Tokens", tokens)]);
        _page = await review.Content.ReadAsStringAsync();
        var input = QuotedInputPrice().Match(_page);
        var output = QuotedOutputPrice().Match(_page);
        if (review.StatusCode != HttpStatusCode.OK || !input.Success || !output.Success)
        {
            throw new BenchmarkFailure($"{buyer.Email} asked for the maximum cost of an order and got {(int)review.StatusCode} without a quote: {BrowserSession.Problem(_page)}");
        }

        _order =
        [
            new("Order.BuyerOrganizationId", organization),
            new("Order.Tokens", tokens),
            new("Order.QuotedInputPricePerMillion", input.Groups[1].Value),
            new("Order.QuotedOutputPricePerMillion", output.Groups[1].Value),
        ];
    }

    /// <summary>Places orders one after the other until <paramref name="deadline"/> (a Stopwatch timestamp).</summary>
    public async Task<List<TimedOrder>> OrderUntilAsync(long deadline)
    {
        var orders = new List<TimedOrder>();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            orders.Add(await PlaceOrderAsync());
        }

        return orders;
    }

    public async Task<TimedOrder> PlaceOrderAsync()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _browser.PostFormAsync($"{OfferPath}?handler=Confirm", _page, _order);
            var body = await response.Content.ReadAsStringAsync();
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var location = response.Headers.Location?.OriginalString ?? "";
            return response.StatusCode switch
            {
                HttpStatusCode.Redirect when location.StartsWith($"/org/{buyer.OrganizationId}/allocations/", StringComparison.OrdinalIgnoreCase) =>
                    new TimedOrder(OrderOutcome.Placed, milliseconds, null),
                HttpStatusCode.OK => new TimedOrder(OrderOutcome.Refused, milliseconds, BrowserSession.Problem(body)),
                _ => new TimedOrder(OrderOutcome.Failed, milliseconds, $"{(int)response.StatusCode} {location}".Trim()),
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new TimedOrder(OrderOutcome.Failed, Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.Message);
        }
    }

    public void Dispose() => _browser.Dispose();

    [GeneratedRegex("name=\"Order.QuotedInputPricePerMillion\" value=\"([0-9]+)\"")]
    private static partial Regex QuotedInputPrice();

    [GeneratedRegex("name=\"Order.QuotedOutputPricePerMillion\" value=\"([0-9]+)\"")]
    private static partial Regex QuotedOutputPrice();
}
