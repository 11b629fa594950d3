using ComputeMarket.Application.Metering;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Pages.Org;

public sealed class KeysModel(IMediator mediator, IStringLocalizer<KeysModel> localizer) : PageModel, IFormPage
{
    /// <summary>What a metering key calls first: the allocations its organization serves.</summary>
    public const string MeteringExamplePath = "/api/v1/allocations";

    /// <summary>What a usage key reads: the organization's own usage.</summary>
    public const string UsageExamplePath = "/api/v1/usage/summary";

    /// <summary>The scopes in the order the form offers them.</summary>
    public static readonly IReadOnlyList<ApiKeyScope> Scopes = [ApiKeyScope.Usage, ApiKeyScope.Metering];

    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    /// <summary>Present only right after the key is created: it is stored as a hash and never shown again.</summary>
    [TempData]
    public string? NewKey { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public ApiKeysView Data { get; private set; } = null!;

    /// <summary>The scope of the key just created, read from its marker.</summary>
    public ApiKeyScope? NewKeyScope => NewKey switch
    {
        null => null,
        _ when NewKey.StartsWith(ApiKey.Marker(ApiKeyScope.Metering), StringComparison.Ordinal) => ApiKeyScope.Metering,
        _ => ApiKeyScope.Usage,
    };

    public string ExampleUrl => $"{Request.Scheme}://{Request.Host}{(NewKeyScope == ApiKeyScope.Metering ? MeteringExamplePath : UsageExamplePath)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (NewKey is not null)
        {
            // The one response that carries the key must not be kept by the browser or a proxy.
            Response.Headers.CacheControl = "no-store";
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new CreateApiKey(OrgId, Input.Name ?? "", Input.Scope), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result);
        }

        NewKey = result.Value.Secret;
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new RevokeApiKey(OrgId, keyId), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, prefix: "");
        }

        Notice = localizer["The key is revoked: requests that carry it are refused from now on."];
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var keys = await mediator.Send(new GetApiKeys(OrgId), cancellationToken);
        if (!keys.Succeeded)
        {
            return this.Failure(keys);
        }

        Data = keys.Value;
        return null;
    }

    public sealed class CreateInput
    {
        public string? Name { get; set; }

        public ApiKeyScope Scope { get; set; } = ApiKeyScope.Usage;
    }
}
