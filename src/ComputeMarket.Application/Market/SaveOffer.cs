using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Common;
using ComputeMarket.Domain.Market;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>
/// A verified provider lists capacity (<see cref="OfferId"/> null) or revises a listing. A price change is added
/// to the price history and applies to new orders only: allocations keep the prices they locked.
/// </summary>
public sealed record SaveOffer(Guid ProviderOrganizationId, Guid? OfferId, OfferForm Form, bool Publish = true) : IRequest<Result<Guid>>;

public sealed class SaveOfferValidator : AbstractValidator<SaveOffer>
{
    public SaveOfferValidator(TimeProvider clock) => RuleFor(r => r.Form).SetValidator(new OfferFormValidator(clock));
}

internal sealed class SaveOfferHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<SaveOffer, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(SaveOffer request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, cancellationToken))
        {
            return Result<Guid>.Forbidden("Only members of a verified provider can list capacity.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (request.OfferId is null)
        {
            var offer = Offer.List(request.ProviderOrganizationId, request.Form.ToTerms(), request.Publish, now);
            db.Offers.Add(offer);
            await db.SaveChangesAsync(cancellationToken);
            return offer.Id;
        }

        var existing = await db.Offers.Include(o => o.Prices).SingleOrDefaultAsync(o => o.Id == request.OfferId, cancellationToken);
        if (existing is null || existing.ProviderOrganizationId != request.ProviderOrganizationId)
        {
            return Result<Guid>.NotFound("There is no such listing.");
        }

        if (request.Form.TotalQuotaTokens < existing.ReservedTokens)
        {
            return Result<Guid>.Invalid("Form.TotalQuotaTokens", $"Buyers have already reserved {existing.ReservedTokens:N0} tokens; the quota cannot be lower.");
        }

        try
        {
            existing.Revise(request.Form.ToTerms(), now);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException exception)
        {
            return Result<Guid>.Conflict(exception.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<Guid>.Conflict("The listing changed while you were editing it (a buyer may have ordered). Reload and try again.");
        }

        return existing.Id;
    }
}
