using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>A provider stops selling a package; packages already bought are not affected.</summary>
public sealed record WithdrawPackage(Guid ProviderOrganizationId, Guid PackageId) : IRequest<Result>;

internal sealed class WithdrawPackageHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<WithdrawPackage, Result>
{
    public async Task<Result> Handle(WithdrawPackage request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, MembershipRole.Owner, cancellationToken))
        {
            return Result.Forbidden(localizer["Only members of a verified provider can withdraw packages."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var package = await db.TokenPackages
                .Join(db.Offers, p => p.OfferId, o => o.Id, (p, o) => new { Package = p, o.ProviderOrganizationId })
                .Where(x => x.Package.Id == request.PackageId && x.ProviderOrganizationId == request.ProviderOrganizationId)
                .Select(x => x.Package)
                .SingleOrDefaultAsync(ct);
            if (package is null)
            {
                return Result.NotFound(localizer["There is no such package."]);
            }

            package.Withdraw();
            await unitOfWork.SaveAsync(ct);
            return Result.Ok();
        }, cancellationToken);
    }
}
