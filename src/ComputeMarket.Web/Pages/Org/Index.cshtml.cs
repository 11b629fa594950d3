using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Web.Api;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Pages.Org;

public sealed class IndexModel(IMediator mediator, IStringLocalizer<IndexModel> localizer) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    /// <summary>The roles in the order people think of them.</summary>
    public static readonly IReadOnlyList<MembershipRole> Roles = [MembershipRole.Viewer, MembershipRole.Purchaser, MembershipRole.Owner];

    public OrganizationOverview Data { get; private set; } = null!;

    [TempData]
    public string? Notice { get; set; }

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    /// <summary>The link just created; shown once, because only its hash is stored.</summary>
    [TempData]
    public string? NewInvitationLink { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new CreateInvitation(OrgId, Input.ValidForDays, Input.Role), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result);
        }

        NewInvitationLink = InvitationLinks.For(Request, result.Value.Token);
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult> OnPostChangeRoleAsync(string memberUserId, [FromForm] MembershipRole role, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new ChangeMemberRole(OrgId, memberUserId, role), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, prefix: "");
        }

        Notice = localizer["The role is changed."];
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new RevokeInvitation(OrgId, invitationId), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result);
        }

        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var overview = await mediator.Send(new GetOrganizationOverview(OrgId), cancellationToken);
        if (!overview.Succeeded)
        {
            return this.Failure(overview);
        }

        Data = overview.Value;
        return null;
    }

    public sealed class InviteInput
    {
        public int ValidForDays { get; set; } = 7;

        public MembershipRole Role { get; set; } = MembershipRole.Viewer;
    }
}
