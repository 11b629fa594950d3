using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Common;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

public enum OfferAction
{
    Publish,
    Pause,
    Resume,
    Retire,
}

/// <summary>A provider publishes, pauses, resumes or retires a listing. Existing allocations are not affected.</summary>
public sealed record ChangeOfferStatus(Guid ProviderOrganizationId, Guid OfferId, OfferAction Action) : IRequest<Result>;

internal sealed class ChangeOfferStatusHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer) : IRequestHandler<ChangeOfferStatus, Result>
{
    public async Task<Result> Handle(ChangeOfferStatus request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, MembershipRole.Owner, cancellationToken))
        {
            return Result.Forbidden(localizer["Only members of a verified provider can manage listings."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == request.OfferId && o.ProviderOrganizationId == request.ProviderOrganizationId, ct);
            if (offer is null)
            {
                return Result.NotFound(localizer["There is no such listing."]);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var before = offer.Status;
            try
            {
                Action change = request.Action switch
                {
                    OfferAction.Publish => () => offer.Publish(now),
                    OfferAction.Pause => () => offer.Pause(now),
                    OfferAction.Resume => () => offer.Resume(now),
                    _ => () => offer.Retire(now),
                };
                change();
            }
            catch (DomainException)
            {
                var after = request.Action switch
                {
                    OfferAction.Pause => OfferStatus.Paused,
                    OfferAction.Retire => OfferStatus.Retired,
                    _ => OfferStatus.Active,
                };
                return Result.Conflict(localizer["This listing is {0}; it cannot become {1}.", localizer.StatusName(before), localizer.StatusName(after)]);
            }

            return await unitOfWork.SaveAsync(ct) ? Result.Ok() : Result.Conflict(localizer["The listing changed a moment ago. Reload and try again."]);
        }, cancellationToken);
    }
}
