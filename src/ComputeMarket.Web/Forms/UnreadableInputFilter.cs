using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Forms;

/// <summary>
/// What the framework would otherwise do quietly, answered out loud:
/// <list type="bullet">
/// <item>A request for a handler the page does not have is 404 (a named handler, even where the framework would fall
/// back to the unnamed one) or 405 (a method the page does not take), never the page rendered without its data.</item>
/// <item>On a <see cref="IFormPage"/>, a value that does not bind (text in a number field, an unknown option) is never
/// replaced by the field's default: the handler does not run, and the page is shown again — status 400 — with the
/// message at the field and a summary saying nothing was done. A download answers 400. Form pages validate their
/// input in their use cases, never with attributes, so every error present before the handler runs is one the
/// binders left.</item>
/// </list>
/// </summary>
public sealed class UnreadableInputFilter(IStringLocalizerFactory localizerFactory) : IAsyncPageFilter
{
    /// <summary>The summary above the form (the English key; shown in the request's language).</summary>
    public const string SummaryMessage = "Some of what was sent could not be read, so nothing was done. Check the marked fields.";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (IsReExecuted(context.HttpContext))
        {
            // The error page shown for another request keeps that request's query (and its handler name): it is
            // answering a failure, not being asked for a handler, and must not turn a 500 into a 404.
            await next();
            return;
        }

        var request = context.HttpContext.Request;
        var reads = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        // The framework falls back to the unnamed handler when the named one does not exist; a name is meant exactly.
        if (RequestedHandler(context) is { } requested && !string.Equals(context.HandlerMethod?.Name, requested, StringComparison.OrdinalIgnoreCase))
        {
            context.Result = new NotFoundResult();
            return;
        }

        if (context.HandlerMethod is null && !reads)
        {
            context.HttpContext.Response.Headers.Allow = string.Join(", ", AllowedMethods(context));
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return;
        }

        // Pages that are not form pages (sign-in, sign-up, the account pages) check ModelState in their handlers.
        if (context.ModelState.IsValid || context.HandlerInstance is not PageModel page || page is not IFormPage form)
        {
            await next();
            return;
        }

        if (reads && context.HandlerMethod?.Name is not null)
        {
            context.Result = new BadRequestResult();
            return;
        }

        page.ModelState.AddModelError(string.Empty, localizerFactory.Create(typeof(BindingMessages))[SummaryMessage]);
        var loaded = await form.LoadAsync(context.HttpContext.RequestAborted);
        if (loaded is null)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        context.Result = loaded ?? page.Page();
    }

    private static bool IsReExecuted(HttpContext context) =>
        context.Features.Get<IExceptionHandlerPathFeature>() is not null || context.Features.Get<IStatusCodeReExecuteFeature>() is not null;

    private static string? RequestedHandler(PageHandlerExecutingContext context) =>
        context.RouteData.Values.TryGetValue("handler", out var routed) && routed is string name && name.Length > 0
            ? name
            : context.HttpContext.Request.Query["handler"].FirstOrDefault(h => !string.IsNullOrEmpty(h));

    private static IEnumerable<string> AllowedMethods(PageHandlerExecutingContext context) =>
        context.ActionDescriptor.HandlerMethods
            .Where(h => h.Name is null)
            .Select(h => h.HttpMethod.ToUpperInvariant())
            .Append("GET")
            .Distinct(StringComparer.Ordinal);
}
