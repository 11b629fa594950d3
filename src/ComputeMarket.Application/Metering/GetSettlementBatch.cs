using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>
/// One settlement batch for auditors and administrators: its summary, its lines per allocation (a page of them) with
/// the ledger transfers each wrote and its first events; with <see cref="AllocationId"/>, that one line alone with
/// every event, a page at a time (<see cref="Page"/> then pages the events instead of the lines).
/// </summary>
public sealed record GetSettlementBatch(Guid BatchId, Guid? AllocationId = null, int Page = 1) : IRequest<Result<SettlementBatchDetail>>;

/// <param name="AllocationId">The line shown alone, when one is.</param>
public sealed record SettlementBatchDetail(SettlementBatchRow Batch, IReadOnlyList<SettlementLineDetail> Lines, Guid? AllocationId, int Page, int PageCount);

public sealed class GetSettlementBatchValidator : AbstractValidator<GetSettlementBatch>
{
    public GetSettlementBatchValidator(IStringLocalizer<Messages> localizer) =>
        RuleFor(r => r.Page).InclusiveBetween(1, 1_000_000).WithMessage(_ => localizer["There is no such page."]);
}

internal sealed class GetSettlementBatchHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetSettlementBatch, Result<SettlementBatchDetail>>
{
    public async Task<Result<SettlementBatchDetail>> Handle(GetSettlementBatch request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Result<SettlementBatchDetail>.Forbidden();
        }

        var batch = await db.SettlementBatches.AsNoTracking().Where(b => b.Id == request.BatchId)
            .Select(b => new SettlementBatchRow(b.Id, b.Kind, b.StartedAtUtc, b.DurationMilliseconds, b.EventCount, b.AllocationCount, b.InputTokens, b.OutputTokens, b.ChargedAmount, b.FeeAmount, b.FlaggedTokens))
            .SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return Result<SettlementBatchDetail>.NotFound(localizer["There is no such settlement batch."]);
        }

        var lines = db.SettlementLines.AsNoTracking().Where(l => l.BatchId == batch.Id);
        if (request.AllocationId is { } allocation)
        {
            var alone = await SettlementDetails.Lines(db, lines.Where(l => l.AllocationId == allocation)).ToListAsync(cancellationToken);
            if (alone.Count == 0)
            {
                return Result<SettlementBatchDetail>.NotFound(localizer["There is no such allocation."]);
            }

            var shown = await SettlementDetails.WithEventsAsync(db, batch.Id, await SettlementDetails.WithTransfersAsync(db, batch.Id, alone, cancellationToken), alone: true, request.Page, cancellationToken);
            return new SettlementBatchDetail(batch, shown, allocation, shown[0].EventPage, shown[0].EventPageCount);
        }

        var pageCount = Math.Max(1, (batch.AllocationCount + SettlementDetails.LinePageSize - 1) / SettlementDetails.LinePageSize);
        var page = Math.Min(request.Page, pageCount);
        var pageLines = await SettlementDetails.Lines(db, lines)
            .Skip((page - 1) * SettlementDetails.LinePageSize).Take(SettlementDetails.LinePageSize)
            .ToListAsync(cancellationToken);
        var withTransfers = await SettlementDetails.WithTransfersAsync(db, batch.Id, pageLines, cancellationToken);
        var detailed = await SettlementDetails.WithEventsAsync(db, batch.Id, withTransfers, alone: false, 1, cancellationToken);
        return new SettlementBatchDetail(batch, detailed, null, page, pageCount);
    }
}
