using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Common;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;

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

internal sealed class ChangeOfferStatusHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<ChangeOfferStatus, Result>
{
    public async Task<Result> Handle(ChangeOfferStatus request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, MembershipRole.Owner, cancellationToken))
        {
            return Result.Forbidden("Only members of a verified provider can manage listings.");
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == request.OfferId && o.ProviderOrganizationId == request.ProviderOrganizationId, ct);
            if (offer is null)
            {
                return Result.NotFound("There is no such listing.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
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
            catch (DomainException exception)
            {
                return Result.Conflict(exception.Message);
            }

            return await unitOfWork.SaveAsync(ct) ? Result.Ok() : Result.Conflict("The listing changed a moment ago. Reload and try again.");
        }, cancellationToken);
    }
}
