using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Tests.Hostile;

/// <summary>Where a value travels: a form field, a query parameter, a segment of the path, or a property of a JSON body.</summary>
public enum FieldSource
{
    Form,
    Query,
    Route,
    Json,
}

/// <summary>One value a request can carry, under the name the app binds it by.</summary>
public sealed record InputField(string Name, Type Type, FieldSource Source)
{
    public Type ValueType => Nullable.GetUnderlyingType(Type) ?? Type;
}

/// <summary>
/// A page handler (for one of the page's routes) or an API endpoint, with every value it binds. Found in the running
/// app, so a page, handler, property or endpoint added later is in the corpus run without anyone listing it.
/// </summary>
public sealed record InputTarget(string Page, string? Area, string RouteTemplate, string Method, string? Handler, IReadOnlyList<InputField> Fields, bool IsApi)
{
    public bool IsRead => Method is "GET";

    public string Name => IsApi
        ? $"{Method} /{RouteTemplate}"
        : $"{Method} {(Area is null ? "" : $"/{Area}")}{Page}{(Handler is null ? "" : $"?handler={Handler}")} (/{RouteTemplate})";

    public IEnumerable<string> RouteParameters => Fields.Where(f => f.Source == FieldSource.Route).Select(f => f.Name);
}

/// <summary>Reads the targets from the app's own endpoint metadata: Razor Pages' compiled descriptors and the minimal API's route endpoints.</summary>
public static class InputTargets
{
    public static async Task<IReadOnlyList<InputTarget>> DiscoverAsync(IServiceProvider services)
    {
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var loader = services.GetRequiredService<PageLoader>();
        var metadata = services.GetRequiredService<IModelMetadataProvider>();
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var targets = new List<InputTarget>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
                targets.AddRange(PageTargets(compiled, endpoint.RoutePattern.RawText ?? "", metadata));
            }
            else if (endpoint.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            {
                targets.AddRange(ApiTargets(endpoint, raw.TrimStart('/'), metadata, json));
            }
        }

        return targets.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<InputTarget> PageTargets(CompiledPageActionDescriptor page, string route, IModelMetadataProvider metadata)
    {
        var routeNames = RouteParameterNames(route);
        var area = page.AreaName;
        var properties = page.BoundProperties.OfType<PageBoundPropertyDescriptor>().ToList();
        var handlers = page.HandlerMethods.Select(h => (Method: h.HttpMethod.ToUpperInvariant(), h.Name, h.Parameters)).ToList();
        if (!handlers.Any(h => h is { Method: "GET", Name: null }))
        {
            // A page without OnGet still answers GET with its query-bound properties.
            handlers.Insert(0, ("GET", null, []));
        }

        foreach (var (method, name, parameters) in handlers)
        {
            var reads = method is "GET" or "HEAD";
            var fields = new List<InputField>();
            foreach (var property in properties)
            {
                var bind = property.Property.GetCustomAttribute<BindPropertyAttribute>()
                    ?? page.HandlerTypeInfo.GetCustomAttribute<BindPropertiesAttribute>() as object;
                var supportsGet = bind switch
                {
                    BindPropertyAttribute attribute => attribute.SupportsGet,
                    BindPropertiesAttribute attribute => attribute.SupportsGet,
                    _ => false,
                };
                if (reads && !supportsGet)
                {
                    continue;
                }

                var bindingName = property.BindingInfo?.BinderModelName ?? property.Name;
                fields.AddRange(Flatten(metadata, bindingName, property.ParameterType, SourceFor(bindingName, routeNames, reads)));
            }

            foreach (var parameter in parameters.OfType<HandlerParameterDescriptor>())
            {
                if (Binds(metadata, parameter.ParameterType, parameter.BindingInfo))
                {
                    var bindingName = parameter.BindingInfo?.BinderModelName ?? parameter.Name;
                    fields.AddRange(Flatten(metadata, bindingName, parameter.ParameterType, SourceFor(bindingName, routeNames, reads)));
                }
            }

            yield return new InputTarget(page.ViewEnginePath, area, route.TrimStart('/'), method, name, fields, IsApi: false);
        }
    }

    private static IEnumerable<InputTarget> ApiTargets(RouteEndpoint endpoint, string route, IModelMetadataProvider metadata, JsonSerializerOptions json)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
        var routeNames = RouteParameterNames(route);
        var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var handler = endpoint.Metadata.GetMetadata<MethodInfo>();
        var fields = new List<InputField>();
        foreach (var parameter in handler?.GetParameters() ?? [])
        {
            var type = parameter.ParameterType;
            if (routeNames.Contains(parameter.Name!))
            {
                fields.Add(new InputField(parameter.Name!, type, FieldSource.Route));
            }
            else if (type == body)
            {
                var options = new JsonSerializerOptions(json) { TypeInfoResolver = json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver() };
                fields.AddRange(JsonFields(options, "", type, depth: 0));
            }
            else if (IsSimple(metadata, type))
            {
                fields.Add(new InputField(parameter.Name!, type, FieldSource.Query));
            }
        }

        foreach (var method in methods)
        {
            yield return new InputTarget(route, null, route, method.ToUpperInvariant(), null, fields, IsApi: true);
        }
    }

    private static IEnumerable<InputField> JsonFields(JsonSerializerOptions options, string prefix, Type type, int depth)
    {
        foreach (var property in options.GetTypeInfo(type).Properties)
        {
            var name = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            var info = options.GetTypeInfo(property.PropertyType);
            if (info.Kind == JsonTypeInfoKind.Object && depth < 4)
            {
                foreach (var field in JsonFields(options, name, property.PropertyType, depth + 1))
                {
                    yield return field;
                }
            }
            else
            {
                yield return new InputField(name, property.PropertyType, FieldSource.Json);
            }
        }
    }

    /// <summary>Complex bound types (a form object) become one field per settable property, as the form binder names them.</summary>
    private static IEnumerable<InputField> Flatten(IModelMetadataProvider metadata, string name, Type type, FieldSource source)
    {
        var model = metadata.GetMetadataForType(type);
        if (!model.IsComplexType || model.IsEnumerableType)
        {
            yield return new InputField(name, type, source);
            yield break;
        }

        foreach (var property in model.Properties.Where(p => p.IsBindingAllowed && !p.IsReadOnly))
        {
            foreach (var field in Flatten(metadata, $"{name}.{property.BinderModelName ?? property.PropertyName}", property.ModelType, source))
            {
                yield return field;
            }
        }
    }

    private static bool Binds(IModelMetadataProvider metadata, Type type, BindingInfo? binding)
    {
        var source = binding?.BindingSource ?? metadata.GetMetadataForType(type).BindingSource;
        return source is null || !(source.Id == BindingSource.Services.Id || source.Id == BindingSource.Special.Id);
    }

    private static bool IsSimple(IModelMetadataProvider metadata, Type type) =>
        !metadata.GetMetadataForType(type).IsComplexType && type != typeof(CancellationToken);

    private static FieldSource SourceFor(string name, HashSet<string> routeNames, bool reads) =>
        routeNames.Contains(name) ? FieldSource.Route : reads ? FieldSource.Query : FieldSource.Form;

    private static HashSet<string> RouteParameterNames(string route) =>
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route).Parameters
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
