using ComputeMarket.Application.Market;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace ComputeMarket.Web.ViewComponents;

/// <summary>The low-balance and spending-limit banner shown on every organization page.</summary>
public sealed class NotificationBannerViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid organizationId)
    {
        var status = await mediator.Send(new GetSpendingStatus(organizationId));
        return status.Succeeded ? View(status.Value) : Content("");
    }
}
