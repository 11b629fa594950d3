using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ComputeMarket.MeteringAgent;

/// <summary>An allocation as <c>GET /api/v1/allocations</c> lists it (the fields the agent uses).</summary>
internal sealed record Allocation(Guid Id, string Model, string BuyerOrganization, long QuotaTokens, long ReportedTokens, long RemainingTokens);

/// <summary>One usage event as <c>POST /api/v1/usage</c> takes it.</summary>
internal sealed record UsageEvent(string Id, Guid AllocationId, long InputTokens, long OutputTokens, string OccurredAt);

/// <summary>The outcome of sending one batch: accepted and duplicate counts, or why it was refused.</summary>
internal sealed record Delivery(int Accepted, int Duplicates, HttpStatusCode? Refused = null, string? Problem = null)
{
    public bool Delivered => Refused is null;
}

/// <summary>
/// The metering API over HTTP. A batch that meets a network error, a timeout or a 5xx is sent again, with the same
/// event ids, after an exponential backoff (capped): the server counts what it already stored as duplicates, so no
/// usage is lost or counted twice. A 429 waits as long as its Retry-After says. Other refusals are final.
/// </summary>
internal sealed class MeteringClient(HttpClient http, string key)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per batch before giving up (null: until cancelled).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Requests sent again so far (after a network error, a timeout, a 5xx or a 429).</summary>
    public long Retries { get; private set; }

    /// <summary>Told about each retry (attempt, reason, wait), so the agent can print it.</summary>
    public Action<int, string, TimeSpan>? OnRetry { get; init; }

    public async Task<IReadOnlyList<Allocation>> GetAllocationsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/allocations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new MeteringException(response.StatusCode, await ProblemAsync(response, cancellationToken));
        }

        var list = await response.Content.ReadFromJsonAsync<AllocationList>(Json, cancellationToken);
        return list?.Allocations ?? [];
    }

    public async Task<Delivery> SendAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new UsageReport(events), Json);
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            TimeSpan wait;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/usage") { Content = content };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var receipt = await response.Content.ReadFromJsonAsync<Receipt>(Json, cancellationToken);
                    return new Delivery(receipt?.Accepted ?? 0, receipt?.Duplicates ?? 0);
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    (reason, wait) = ("429 too many requests", RetryAfter(response) ?? backoff);
                }
                else if ((int)response.StatusCode >= 500)
                {
                    (reason, wait) = ($"{(int)response.StatusCode} {response.ReasonPhrase}", backoff);
                }
                else
                {
                    return new Delivery(0, 0, response.StatusCode, await ProblemAsync(response, cancellationToken));
                }
            }
            catch (HttpRequestException e)
            {
                (reason, wait) = (e.Message, backoff);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                (reason, wait) = ("timed out", backoff);
            }

            if (attempt == MaxAttempts)
            {
                return new Delivery(0, 0, HttpStatusCode.ServiceUnavailable, $"gave up after {attempt} attempts: {reason}");
            }

            Retries++;
            OnRetry?.Invoke(attempt, reason, wait);
            await Task.Delay(wait, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The problem's detail (or title), or the status line when the body is not problem details.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString()
                : problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            var errors = problem.RootElement.TryGetProperty("errors", out var e) ? " " + e.GetRawText() : "";
            return $"{(int)response.StatusCode}: {detail}{errors}";
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }

    private sealed record AllocationList(IReadOnlyList<Allocation> Allocations);

    private sealed record UsageReport(IReadOnlyList<UsageEvent> Events);

    private sealed record Receipt(int Accepted, int Duplicates);
}

/// <summary>The site refused a request the agent cannot go on without (a wrong key, for instance).</summary>
internal sealed class MeteringException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
