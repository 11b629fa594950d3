using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Metering;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>
/// A settlement batch as one organization's members see it: only the lines of its own allocations (bought or served)
/// and their events, so a wallet statement's settlement line leads to the usage that made it. Other organizations'
/// lines and the batch's totals stay with the auditors. A batch with no line of the organization is not found. With
/// <see cref="AllocationId"/> one line is shown alone with every event, <see cref="Page"/> paging the events.
/// </summary>
public sealed record GetOrganizationSettlement(Guid OrganizationId, Guid BatchId, Guid? AllocationId = null, int Page = 1) : IRequest<Result<OrganizationSettlement>>;

/// <param name="AllocationId">The line shown alone, when one is.</param>
public sealed record OrganizationSettlement(
    Guid OrganizationId,
    string OrganizationName,
    Guid BatchId,
    SettlementKind Kind,
    DateTime StartedAtUtc,
    IReadOnlyList<SettlementLineDetail> Lines,
    Guid? AllocationId,
    int Page,
    int PageCount);

public sealed class GetOrganizationSettlementValidator : AbstractValidator<GetOrganizationSettlement>
{
    public GetOrganizationSettlementValidator(IStringLocalizer<Messages> localizer) =>
        RuleFor(r => r.Page).InclusiveBetween(1, 1_000_000).WithMessage(_ => localizer["There is no such page."]);
}

internal sealed class GetOrganizationSettlementHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer)
    : IRequestHandler<GetOrganizationSettlement, Result<OrganizationSettlement>>
{
    public async Task<Result<OrganizationSettlement>> Handle(GetOrganizationSettlement request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken) is null)
        {
            return Result<OrganizationSettlement>.Forbidden(localizer["You are not a member of this organization."]);
        }

        var organization = request.OrganizationId;
        var lines = db.SettlementLines.AsNoTracking()
            .Where(l => l.BatchId == request.BatchId && (l.BuyerOrganizationId == organization || l.ProviderOrganizationId == organization));
        var batch = await db.SettlementBatches.AsNoTracking()
            .Where(b => b.Id == request.BatchId && lines.Any())
            .Select(b => new { b.Id, b.Kind, b.StartedAtUtc })
            .SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return Result<OrganizationSettlement>.NotFound(localizer["There is no such settlement batch."]);
        }

        var name = await db.Organizations.Where(o => o.Id == organization).Select(o => o.Name).SingleAsync(cancellationToken);
        if (request.AllocationId is { } allocation)
        {
            var alone = await SettlementDetails.Lines(db, lines.Where(l => l.AllocationId == allocation)).ToListAsync(cancellationToken);
            if (alone.Count == 0)
            {
                return Result<OrganizationSettlement>.NotFound(localizer["There is no such allocation."]);
            }

            var shown = await SettlementDetails.WithEventsAsync(db, batch.Id, alone, alone: true, request.Page, cancellationToken);
            return new OrganizationSettlement(organization, name, batch.Id, batch.Kind, batch.StartedAtUtc, shown, allocation, shown[0].EventPage, shown[0].EventPageCount);
        }

        var count = await lines.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (count + SettlementDetails.LinePageSize - 1) / SettlementDetails.LinePageSize);
        var page = Math.Min(request.Page, pageCount);
        var pageLines = await SettlementDetails.Lines(db, lines)
            .Skip((page - 1) * SettlementDetails.LinePageSize).Take(SettlementDetails.LinePageSize)
            .ToListAsync(cancellationToken);
        var detailed = await SettlementDetails.WithEventsAsync(db, batch.Id, pageLines, alone: false, 1, cancellationToken);
        return new OrganizationSettlement(organization, name, batch.Id, batch.Kind, batch.StartedAtUtc, detailed, null, page, pageCount);
    }
}
