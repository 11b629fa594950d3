using ComputeMarket.Application.Organizations;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Invitations;

public sealed class AcceptModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public InvitationView Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        var result = await mediator.Send(new AcceptInvitation(Token), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result);
        }

        return Redirect($"/org/{result.Value}");
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var invitation = await mediator.Send(new GetInvitation(Token), cancellationToken);
        if (!invitation.Succeeded)
        {
            return this.Failure(invitation);
        }

        Data = invitation.Value;
        return null;
    }
}
