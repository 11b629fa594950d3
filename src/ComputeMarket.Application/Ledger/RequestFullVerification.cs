using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// An auditor asks for the whole chain to be verified from the first transfer (not just since the latest checkpoint).
/// It runs in the background — a walk of millions of transfers takes a while — and its result shows on the audit page.
/// </summary>
public sealed record RequestFullVerification : IRequest<Result<Guid>>;

internal sealed class RequestFullVerificationHandler(IAppDbContext db, IUnitOfWork unitOfWork, ILedgerJobs jobs, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<RequestFullVerification, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(RequestFullVerification request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Result<Guid>.Forbidden(localizer["Only auditors and administrators verify the ledger."]);
        }

        var run = await unitOfWork.ExecuteAsync(async ct =>
        {
            // One full walk at a time is plenty: asking again while one runs returns that one.
            var running = await db.LedgerVerificationRuns.Where(r => r.Mode == VerificationMode.Full && r.FinishedAtUtc == null).FirstOrDefaultAsync(ct);
            if (running is not null)
            {
                return (running.Id, Queued: false);
            }

            var requested = new LedgerVerificationRun(VerificationMode.Full, currentUser.UserId!, clock.GetUtcNow().UtcDateTime);
            db.LedgerVerificationRuns.Add(requested);
            await unitOfWork.SaveAsync(ct);
            return (requested.Id, Queued: true);
        }, cancellationToken);

        if (run.Queued)
        {
            jobs.VerifyFully(run.Id);
        }

        return run.Id;
    }
}
