using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>A listing as its form shows it, for editing.</summary>
public sealed record GetListingForm(Guid ProviderOrganizationId, Guid OfferId) : IRequest<Result<OfferForm>>;

internal sealed class GetListingFormHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetListingForm, Result<OfferForm>>
{
    public async Task<Result<OfferForm>> Handle(GetListingForm request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, MembershipRole.Owner, cancellationToken))
        {
            return Result<OfferForm>.Forbidden(localizer["Only members of a verified provider can manage listings."]);
        }

        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OfferId && o.ProviderOrganizationId == request.ProviderOrganizationId, cancellationToken);
        return offer is null ? Result<OfferForm>.NotFound(localizer["There is no such listing."]) : OfferForm.From(offer);
    }
}
