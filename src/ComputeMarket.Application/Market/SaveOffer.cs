using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Common;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>
/// A verified provider lists capacity (<see cref="OfferId"/> null) or revises a listing. A price change is added
/// to the price history and applies to new orders only: allocations keep the prices they locked.
/// </summary>
public sealed record SaveOffer(Guid ProviderOrganizationId, Guid? OfferId, OfferForm Form, bool Publish = true) : IRequest<Result<Guid>>;

public sealed class SaveOfferValidator : AbstractValidator<SaveOffer>
{
    public SaveOfferValidator(TimeProvider clock, IStringLocalizer<Messages> localizer) => RuleFor(r => r.Form).SetValidator(new OfferFormValidator(clock, localizer));
}

internal sealed class SaveOfferHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer) : IRequestHandler<SaveOffer, Result<Guid>>
{
    private const string Changed = "The listing changed while you were editing it (a buyer may have ordered). Reload and try again.";

    public async Task<Result<Guid>> Handle(SaveOffer request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, MembershipRole.Owner, cancellationToken))
        {
            return Result<Guid>.Forbidden(localizer["Only members of a verified provider can list capacity."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (request.OfferId is null)
            {
                var offer = Offer.List(request.ProviderOrganizationId, request.Form.ToTerms(), request.Publish, now);
                offer.RateProvider(await db.Organizations.Where(o => o.Id == request.ProviderOrganizationId).Select(o => o.ReliabilityScore).SingleAsync(ct));
                db.Offers.Add(offer);
                await unitOfWork.SaveAsync(ct);
                return offer.Id;
            }

            var existing = await db.Offers.Include(o => o.Prices).SingleOrDefaultAsync(o => o.Id == request.OfferId, ct);
            if (existing is null || existing.ProviderOrganizationId != request.ProviderOrganizationId)
            {
                return Result<Guid>.NotFound(localizer["There is no such listing."]);
            }

            // The form carries the version it was filled from: an order or another edit since then wins, and this one
            // is refused rather than overwrite what the provider did not see.
            if (request.Form.Version is { } seen && seen != existing.Version)
            {
                return Result<Guid>.Conflict(localizer[Changed]);
            }

            if (request.Form.TotalQuotaTokens < existing.ReservedTokens)
            {
                return Result<Guid>.Invalid("Form.TotalQuotaTokens", localizer["Buyers have already reserved {0:N0} tokens; the quota cannot be lower.", existing.ReservedTokens]);
            }

            try
            {
                existing.Revise(request.Form.ToTerms(), now);
            }
            catch (DomainException exception)
            {
                return Result<Guid>.Conflict(localizer[exception.Message]);
            }

            return await unitOfWork.SaveAsync(ct) ? existing.Id : Result<Guid>.Conflict(localizer[Changed]);
        }, cancellationToken);
    }
}
