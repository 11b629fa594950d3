using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

/// <summary>One thing a client can ask of the site: a method on a route, and for a page the named handler it runs.</summary>
public sealed record RouteRow(string Method, string Route, string? Handler)
{
    /// <summary>The key of the row in the expectations: <c>POST /org/{orgId:guid}/wallet TopUp</c>.</summary>
    public override string ToString() => Handler is null ? $"{Method} /{Route}" : $"{Method} /{Route} {Handler}";
}

/// <summary>
/// The site's route table as the running app holds it: every page handler (the app's pages and those of Identity's
/// default UI) and every other endpoint (the API, health checks, the Hangfire dashboard), read from the endpoint data
/// sources rather than listed by hand, so that a new page or endpoint shows up without anyone remembering it.
/// </summary>
public static class RouteTable
{
    public static async Task<IReadOnlyList<RouteRow>> DiscoverAsync(IServiceProvider services)
    {
        // The composite of every data source the app mapped: pages, minimal API groups, health checks, Hangfire.
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints;
        var loader = services.GetRequiredService<PageLoader>();
        var rows = new List<RouteRow>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint is not RouteEndpoint routed)
            {
                // Every endpoint the app maps is a route endpoint; anything else would need a decision of its own.
                throw new InvalidOperationException($"An endpoint without a route: {endpoint.DisplayName}.");
            }

            var route = Normalize(routed.RoutePattern.RawText ?? "");
            if (routed.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                rows.AddRange(await PageRowsAsync(loader, page, routed.Metadata, route));
                continue;
            }

            // Health checks and the Hangfire dashboard answer any method; a browser sends GET.
            var methods = routed.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            rows.AddRange(methods.Select(method => new RouteRow(method.ToUpperInvariant(), route, null)));
        }

        return [.. rows.Distinct().OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Handler, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A page's rows are its handler methods (each method and handler name pair), and GET even when the page has no
    /// unnamed GET handler, because the framework renders such a page on GET anyway.
    /// </summary>
    private static async Task<IEnumerable<RouteRow>> PageRowsAsync(PageLoader loader, PageActionDescriptor page, EndpointMetadataCollection metadata, string route)
    {
        // Endpoints carry the uncompiled descriptor until the first request loads the page; load it here.
        var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, metadata);
        var rows = compiled.HandlerMethods.Select(h => new RouteRow(h.HttpMethod.ToUpperInvariant(), route, h.Name)).ToList();
        if (!rows.Any(r => r.Method == HttpMethods.Get && r.Handler is null))
        {
            rows.Add(new RouteRow(HttpMethods.Get, route, null));
        }

        return rows;
    }

    /// <summary>
    /// Routes without their leading or trailing slash; a trailing catch-all (the Hangfire dashboard's
    /// <c>{**path}</c>, which serves every dashboard page under one endpoint) is dropped, so the dashboard is one row.
    /// </summary>
    private static string Normalize(string raw)
    {
        var route = raw.Trim('/');
        var catchAll = route.LastIndexOf("/{**", StringComparison.Ordinal);
        return catchAll >= 0 && route.EndsWith('}') ? route[..catchAll] : route;
    }
}
