using System.Net;
using ComputeMarket.Application.Market;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>One thing to time. Only <see cref="ExecuteAsync"/> is timed; <see cref="Check"/> runs after it, untimed.</summary>
internal abstract class Scenario(string name)
{
    public string Name { get; } = name;

    public List<double> Milliseconds { get; } = [];

    /// <summary>The size of the last response body, for pages.</summary>
    public virtual long? ResponseBytes => null;

    public abstract Task ExecuteAsync();

    /// <summary>Why the last response is not what it should be, or null when it is.</summary>
    public abstract string? Check();
}

/// <summary>A GET over the one shared HttpClient, body read in full.</summary>
internal sealed class HttpScenario(string name, HttpClient client, Uri url, string mustContain) : Scenario(name)
{
    private HttpStatusCode _status;
    private byte[] _body = [];

    public Uri Url { get; } = url;

    public override long? ResponseBytes => _body.Length;

    public string Body => System.Text.Encoding.UTF8.GetString(_body);

    public override async Task ExecuteAsync()
    {
        using var response = await client.GetAsync(Url);
        _status = response.StatusCode;
        _body = await response.Content.ReadAsByteArrayAsync();
    }

    public override string? Check() =>
        _status != HttpStatusCode.OK ? $"GET {Url} answered {(int)_status}."
        : !_body.AsSpan().ContainsText(mustContain) ? $"GET {Url} did not contain {mustContain}."
        : null;
}

/// <summary>A catalog request sent through the real MediatR pipeline from a fresh DI scope, as a page does.</summary>
internal sealed class QueryScenario<TResponse>(string name, IServiceProvider services, IRequest<TResponse> request, Func<TResponse, int> count)
    : Scenario(name)
{
    private int _count;

    public override async Task ExecuteAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var response = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
        _count = count(response);
    }

    public override string? Check() => _count > 0 ? null : $"{Name} returned nothing.";
}

internal static class Scenarios
{
    public static bool ContainsText(this Span<byte> body, string text) => body.IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    public static Scenario SearchCatalog(string name, IServiceProvider services, SearchCatalog request) =>
        new QueryScenario<CatalogPage>(name, services, request, page => page.Rows.Count);

    public static Scenario CatalogFacets(IServiceProvider services) =>
        new QueryScenario<CatalogFacets>("GetCatalogFacets (in-process)", services, new GetCatalogFacets(), facets => facets.ServedModels.Count);
}
