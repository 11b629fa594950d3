using Microsoft.AspNetCore.Mvc;

namespace ComputeMarket.Web.Forms;

/// <summary>
/// A page with forms or query filters. When what was sent cannot be read (<see cref="UnreadableInputFilter"/>), the
/// page is shown again with the messages instead of running its handler, so it must be able to load what it shows
/// on its own.
/// </summary>
public interface IFormPage
{
    /// <summary>Loads what the page shows; returns a result only when the page cannot be shown (not found, forbidden).</summary>
    Task<IActionResult?> LoadAsync(CancellationToken cancellationToken);
}
