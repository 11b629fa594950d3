using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>An administrator marks an organization a verified provider (it may then sell), or withdraws that.</summary>
public sealed record VerifyProvider(Guid OrganizationId, bool Verified) : IRequest<Result>;

internal sealed class VerifyProviderHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer) : IRequestHandler<VerifyProvider, Result>
{
    public async Task<Result> Handle(VerifyProvider request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result.Forbidden(localizer["Only an administrator can verify providers."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == request.OrganizationId, ct);
            if (organization is null)
            {
                return Result.NotFound(localizer["There is no such organization."]);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var before = new { organization.IsVerifiedProvider };
            if (request.Verified)
            {
                organization.VerifyAsProvider(now);
            }
            else
            {
                organization.RevokeProviderVerification();
            }

            db.Record(now, currentUser.UserId!, request.Verified ? "Organization.VerifyProvider" : "Organization.RevokeProvider", $"organization:{organization.Id}", before, new { organization.IsVerifiedProvider, organization.Name });
            return await unitOfWork.SaveAsync(ct) ? Result.Ok() : Result.Conflict(localizer["The organization changed a moment ago. Reload and try again."]);
        }, cancellationToken);
    }
}
