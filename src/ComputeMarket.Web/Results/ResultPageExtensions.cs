using ComputeMarket.Application;
using ComputeMarket.Application.Common.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Results;

/// <summary>How a page shows a failed use case: field messages on the form, or the 404/403 error page.</summary>
public static class ResultPageExtensions
{
    /// <summary>
    /// NotFound → 404, Forbidden → 403; Invalid and Conflict put their messages into ModelState (fields under
    /// <paramref name="prefix"/>, the rest as a summary) and re-render the page.
    /// </summary>
    public static IActionResult Failure(this PageModel page, Result result, string prefix = "Input")
    {
        switch (result.Status)
        {
            case ResultStatus.NotFound:
                return page.NotFound();
            case ResultStatus.Forbidden:
                return page.StatusCode(StatusCodes.Status403Forbidden);
            case ResultStatus.Invalid:
                page.ShowErrors(result, prefix);
                return page.Page();
            case ResultStatus.Conflict:
                page.ModelState.AddModelError(string.Empty, result.Message ?? page.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Messages>>()["This could not be done."]);
                return page.Page();
            default:
                throw new InvalidOperationException("A successful result is not a failure.");
        }
    }

    /// <summary>Puts an Invalid result's messages into ModelState: fields under <paramref name="prefix"/>, the rest as a summary.</summary>
    public static void ShowErrors(this PageModel page, Result result, string prefix = "Input")
    {
        foreach (var (field, messages) in result.Errors)
        {
            foreach (var message in messages)
            {
                page.ModelState.AddModelError(string.IsNullOrEmpty(prefix) || string.IsNullOrEmpty(field) ? field : $"{prefix}.{field}", message);
            }
        }
    }
}
