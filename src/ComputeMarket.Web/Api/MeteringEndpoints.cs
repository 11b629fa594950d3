using System.Globalization;
using System.Text.Json;
using ComputeMarket.Application.Metering;
using ComputeMarket.Web.Results;
using ComputeMarket.Web.Security;
using MediatR;
using Microsoft.AspNetCore.Http.Features;

namespace ComputeMarket.Web.Api;

/// <summary>The metering API: providers' agents report usage with a metering key (docs: /openapi/v1.json).</summary>
public static class MeteringEndpoints
{
    /// <summary>The largest body <c>POST /api/v1/usage</c> reads (1 MiB); beyond it, 413.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static RouteGroupBuilder MapMeteringEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/usage", ReportAsync)
            .RequireAuthorization(Policies.MeteringKey)
            .WithTags("Metering")
            .Accepts<UsageReport>("application/json")
            .Produces<UsageReceipt>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/allocations", async (HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetServedAllocations(http.User.ApiOrganization()), cancellationToken))
                    .ToHttpResult(allocations => TypedResults.Ok(new AllocationList(allocations))))
            .RequireAuthorization(Policies.MeteringKey)
            .WithTags("Metering")
            .WithSummary("The open allocations the key's organization serves, with what is left of each.")
            .Produces<AllocationList>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/usage/summary", SummaryAsync)
            .RequireAuthorization(Policies.UsageKey)
            .WithTags("Usage")
            .WithSummary("Settled usage between two days (China time, both included), by day, allocation or model. A usage key reads what its organization bought; a metering key what its organization served.")
            .Produces<UsageSummaryResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }

    public sealed record AllocationList(IReadOnlyList<ServedAllocation> Allocations);

    /// <summary>
    /// A usage summary as the API shows it: amounts in minor units of <see cref="Currency"/>. The platform's fee and the
    /// provider's earnings are shown on served usage only (null on what was bought).
    /// </summary>
    public sealed record UsageSummaryResponse(DateOnly From, DateOnly To, UsageSide Side, UsageGrouping GroupBy, string Currency, IReadOnlyList<UsageRow> Groups, UsageRow Total);

    public sealed record UsageRow(string Key, string Label, long InputTokens, long OutputTokens, long Tokens, long Amount, long? Fee, long? Earnings, long FlaggedTokens)
    {
        public static UsageRow From(UsageGroup group, UsageSide side) => new(
            group.Key, group.Label, group.InputTokens, group.OutputTokens, group.Tokens, group.Amount,
            side == UsageSide.Served ? group.Fee : null, side == UsageSide.Served ? group.Earnings : null, group.FlaggedTokens);
    }

    public const string DayFormat = "The day is written yyyy-MM-dd, for example 2026-11-22.";
    public const string GroupingFormat = "Group by day, allocation or model.";

    /// <param name="from">The first day, yyyy-MM-dd (default: 29 days before <paramref name="to"/>).</param>
    /// <param name="to">The last day, yyyy-MM-dd (default: today, China time).</param>
    /// <param name="groupBy">day (default), allocation or model.</param>
    private static async Task<IResult> SummaryAsync(HttpContext http, IMediator mediator, Microsoft.Extensions.Options.IOptions<ComputeMarket.Application.Ledger.MoneyOptions> money, string? from, string? to, string? groupBy, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        DateOnly? Day(string name, string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            errors[name] = [DayFormat];
            return null;
        }

        var first = Day("from", from);
        var last = Day("to", to);
        var grouping = UsageGrouping.Day;
        if (!string.IsNullOrEmpty(groupBy) && !Enum.TryParse(groupBy, ignoreCase: true, out grouping) || !Enum.IsDefined(grouping) || groupBy?.All(char.IsAsciiDigit) == true)
        {
            errors["groupBy"] = [GroupingFormat];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var side = http.User.ApiScope() == ComputeMarket.Domain.Metering.ApiKeyScope.Metering ? UsageSide.Served : UsageSide.Bought;
        var result = await mediator.Send(new GetUsageSummary(http.User.ApiOrganization(), side, first, last, grouping), cancellationToken);
        return result.ToHttpResult(summary => TypedResults.Ok(new UsageSummaryResponse(
            summary.From, summary.To, summary.Side, summary.GroupBy, money.Value.Currency,
            [.. summary.Groups.Select(g => UsageRow.From(g, side))], UsageRow.From(summary.Total, side))));
    }

    /// <summary>The body of a usage report, as documented (the endpoint reads it itself, to name each bad event).</summary>
    public sealed record UsageReport(IReadOnlyList<UsageEventBody> Events);

    public sealed record UsageEventBody(string Id, Guid AllocationId, long InputTokens, long OutputTokens, DateTimeOffset OccurredAt);

    private static async Task<IResult> ReportAsync(HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        JsonDocument document;
        try
        {
            var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, cancellationToken);
            if (body.Length > MaxBodyBytes)
            {
                return TooLarge();
            }

            body.Position = 0;
            document = await JsonDocument.ParseAsync(body, new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (JsonException)
        {
            return TypedResults.Problem(ApiProblems.Unreadable, statusCode: StatusCodes.Status400BadRequest);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("events", out var events)
                || events.ValueKind != JsonValueKind.Array)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["events"] = [EventsMissing] });
            }

            if (events.GetArrayLength() > ReportUsage.MaxEvents)
            {
                return TypedResults.Problem(TooManyEvents, statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            var inputs = events.EnumerateArray().Select((element, index) => Read(element) with { Index = index }).ToList();
            var result = await mediator.Send(new ReportUsage(http.User.ApiOrganization(), inputs), cancellationToken);
            return result.ToHttpResult(receipt => TypedResults.Json(receipt, statusCode: StatusCodes.Status202Accepted));
        }
    }

    public const string EventsMissing = "The body is an object whose \"events\" is an array of events.";
    public const string TooManyEvents = "A request carries at most 1,000 events. Send the rest in another request.";

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() =>
        TypedResults.Problem("A request body is at most 1 MiB. Send fewer events per request.", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>One event, field by field: absent fields are null, unreadable ones are named.</summary>
    private static UsageEventInput Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new UsageEventInput(null, null, null, null, null, ["event"]);
        }

        var unreadable = new List<string>();
        string? id = null;
        Guid? allocation = null;
        long? input = null, output = null;
        DateTime? occurred = null;
        if (element.TryGetProperty("id", out var idValue))
        {
            if (idValue.ValueKind == JsonValueKind.String)
            {
                id = idValue.GetString();
            }
            else
            {
                unreadable.Add("id");
            }
        }

        if (element.TryGetProperty("allocationId", out var allocationValue))
        {
            if (allocationValue.ValueKind == JsonValueKind.String && Guid.TryParse(allocationValue.GetString(), CultureInfo.InvariantCulture, out var parsed))
            {
                allocation = parsed;
            }
            else
            {
                unreadable.Add("allocationId");
            }
        }

        input = Tokens(element, "inputTokens", unreadable);
        output = Tokens(element, "outputTokens", unreadable);
        if (element.TryGetProperty("occurredAt", out var occurredValue))
        {
            if (occurredValue.ValueKind == JsonValueKind.String
                && occurredValue.GetString() is { } text
                && HasOffset(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                occurred = UsageTimes.Normalize(time);
            }
            else
            {
                unreadable.Add("occurredAt");
            }
        }

        return new UsageEventInput(id, allocation, input, output, occurred, unreadable);
    }

    private static long? Tokens(JsonElement element, string name, List<string> unreadable)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var tokens))
        {
            return tokens;
        }

        unreadable.Add(name);
        return null;
    }

    /// <summary>An ISO 8601 time that says its offset (Z or ±hh:mm): a time without one is ambiguous.</summary>
    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            return false;
        }

        var time = text[(t + 1)..];
        return time.EndsWith('Z') || time.EndsWith('z') || time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }
}
