using ComputeMarket.Application.Organizations;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace ComputeMarket.Web.ViewComponents;

/// <summary>The navigation's list of the signed-in person's organizations.</summary>
public sealed class OrganizationMenuViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() => View(await mediator.Send(new GetMyOrganizations()));
}
