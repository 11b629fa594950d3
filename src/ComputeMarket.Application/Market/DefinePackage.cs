using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Market;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>A provider offers a prepaid bundle on one of its listings, e.g. 10,000,000 tokens for ¥39.90 valid 30 days.</summary>
public sealed record DefinePackage(Guid ProviderOrganizationId, Guid OfferId, string Name, long Tokens, string Price, int ValidityDays, PackageExpiryRule ExpiryRule) : IRequest<Result<Guid>>;

public sealed class DefinePackageValidator : AbstractValidator<DefinePackage>
{
    public DefinePackageValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Name the package, e.g. \"10M tokens, 30 days\".")
            .MaximumLength(TokenPackage.NameMaxLength).WithMessage($"A package name has at most {TokenPackage.NameMaxLength} characters.");
        RuleFor(r => r.Tokens).InclusiveBetween(1, Offer.MaxQuotaTokens).WithMessage("A package holds more than zero tokens.");
        RuleFor(r => r.Price).MustBeAmountBetween(1, 100_000_000_00);
        RuleFor(r => r.ValidityDays).InclusiveBetween(1, 366).WithMessage("A package is valid for 1 to 366 days.");
        RuleFor(r => r.ExpiryRule).IsInEnum().WithMessage("Say whether unused value is refunded or forfeited at expiry.");
    }
}

internal sealed class DefinePackageHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<DefinePackage, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(DefinePackage request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, cancellationToken))
        {
            return Result<Guid>.Forbidden("Only members of a verified provider can define packages.");
        }

        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OfferId && o.ProviderOrganizationId == request.ProviderOrganizationId, cancellationToken);
        if (offer is null)
        {
            return Result<Guid>.NotFound("There is no such listing.");
        }

        if (request.Tokens > offer.TotalQuotaTokens)
        {
            return Result<Guid>.Invalid(nameof(request.Tokens), "A package cannot hold more tokens than the listing's quota.");
        }

        var package = new TokenPackage(offer.Id, request.Name, request.Tokens, AmountText.ToMinorUnits(request.Price), request.ValidityDays, request.ExpiryRule);
        db.TokenPackages.Add(package);
        await db.SaveChangesAsync(cancellationToken);
        return package.Id;
    }
}

/// <summary>A provider stops selling a package; packages already bought are not affected.</summary>
public sealed record WithdrawPackage(Guid ProviderOrganizationId, Guid PackageId) : IRequest<Result>;

internal sealed class WithdrawPackageHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<WithdrawPackage, Result>
{
    public async Task<Result> Handle(WithdrawPackage request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, cancellationToken))
        {
            return Result.Forbidden("Only members of a verified provider can withdraw packages.");
        }

        var package = await db.TokenPackages
            .Join(db.Offers, p => p.OfferId, o => o.Id, (p, o) => new { Package = p, o.ProviderOrganizationId })
            .Where(x => x.Package.Id == request.PackageId && x.ProviderOrganizationId == request.ProviderOrganizationId)
            .Select(x => x.Package)
            .SingleOrDefaultAsync(cancellationToken);
        if (package is null)
        {
            return Result.NotFound("There is no such package.");
        }

        package.Withdraw();
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }
}

/// <summary>The packages on sale on one of a provider's listings.</summary>
public sealed record GetListingPackages(Guid ProviderOrganizationId, Guid OfferId) : IRequest<Result<IReadOnlyList<PackageRow>>>;

internal sealed class GetListingPackagesHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<GetListingPackages, Result<IReadOnlyList<PackageRow>>>
{
    public async Task<Result<IReadOnlyList<PackageRow>>> Handle(GetListingPackages request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, cancellationToken))
        {
            return Result<IReadOnlyList<PackageRow>>.Forbidden();
        }

        return await db.TokenPackages
            .Join(db.Offers, p => p.OfferId, o => o.Id, (p, o) => new { Package = p, Offer = o })
            .Where(x => x.Offer.Id == request.OfferId && x.Offer.ProviderOrganizationId == request.ProviderOrganizationId && x.Package.IsOnSale)
            .OrderBy(x => x.Package.Price)
            .Select(x => new PackageRow(x.Package.Id, x.Package.Name, x.Package.Tokens, x.Package.Price, x.Package.ValidityDays, x.Package.ExpiryRule))
            .ToListAsync(cancellationToken);
    }
}
