using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>A provider offers a prepaid bundle on one of its listings, e.g. 10,000,000 tokens for ¥39.90 valid 30 days.</summary>
public sealed record DefinePackage(Guid ProviderOrganizationId, Guid OfferId, string Name, long Tokens, string Price, int ValidityDays, PackageExpiryRule ExpiryRule) : IRequest<Result<Guid>>;

public sealed class DefinePackageValidator : AbstractValidator<DefinePackage>
{
    public DefinePackageValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage(_ => localizer["Name the package, e.g. \"10M tokens, 30 days\"."])
            .MaximumLength(TokenPackage.NameMaxLength).WithMessage(_ => localizer["A package name has at most {0} characters.", TokenPackage.NameMaxLength]);
        RuleFor(r => r.Tokens).InclusiveBetween(1, Offer.MaxQuotaTokens).WithMessage(_ => localizer["A package holds more than zero tokens."]);
        RuleFor(r => r.Price).MustBeAmountBetween(1, 100_000_000_00, localizer);
        RuleFor(r => r.ValidityDays).InclusiveBetween(1, 366).WithMessage(_ => localizer["A package is valid for 1 to 366 days."]);
        RuleFor(r => r.ExpiryRule).IsInEnum().WithMessage(_ => localizer["Say whether unused value is refunded or forfeited at expiry."]);
    }
}

internal sealed class DefinePackageHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<DefinePackage, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(DefinePackage request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, MembershipRole.Owner, cancellationToken))
        {
            return Result<Guid>.Forbidden(localizer["Only members of a verified provider can define packages."]);
        }

        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OfferId && o.ProviderOrganizationId == request.ProviderOrganizationId, cancellationToken);
        if (offer is null)
        {
            return Result<Guid>.NotFound(localizer["There is no such listing."]);
        }

        if (request.Tokens > offer.TotalQuotaTokens)
        {
            return Result<Guid>.Invalid(nameof(request.Tokens), localizer["A package cannot hold more tokens than the listing's quota."]);
        }

        return await unitOfWork.ExecuteAsync<Result<Guid>>(async ct =>
        {
            var package = new TokenPackage(offer.Id, request.Name, request.Tokens, AmountText.ToMinorUnits(request.Price), request.ValidityDays, request.ExpiryRule);
            db.TokenPackages.Add(package);
            await unitOfWork.SaveAsync(ct);
            return package.Id;
        }, cancellationToken);
    }
}
