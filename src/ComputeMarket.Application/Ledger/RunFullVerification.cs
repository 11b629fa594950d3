using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Ledger;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Ledger;

/// <summary>Runs a requested full verification and records what it found (the background job sends this).</summary>
public sealed record RunFullVerification(Guid RunId) : IRequest<Result>;

internal sealed class RunFullVerificationHandler(IAppDbContext db, IUnitOfWork unitOfWork, LedgerVerifier verifier, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<RunFullVerification, Result>
{
    public async Task<Result> Handle(RunFullVerification request, CancellationToken cancellationToken)
    {
        var pending = await db.LedgerVerificationRuns.AsNoTracking().AnyAsync(r => r.Id == request.RunId && r.FinishedAtUtc == null, cancellationToken);
        if (!pending)
        {
            return Result.Conflict(localizer["This verification has already run."]);
        }

        var verification = await verifier.VerifyAsync(VerificationMode.Full, cancellationToken);
        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var run = await db.LedgerVerificationRuns.SingleAsync(r => r.Id == request.RunId, ct);
            if (run.IsFinished)
            {
                return Result.Conflict(localizer["This verification has already run."]);
            }

            run.Finish(verification.ToSequence, verification.Chain.TransfersChecked, verification.Violations.Select(v => $"{v.Invariant}: {v.Detail}").ToList(), clock.GetUtcNow().UtcDateTime);
            return await unitOfWork.SaveAsync(ct) ? Result.Ok() : Result.Conflict(localizer["This verification was recorded by another server."]);
        }, cancellationToken);
    }
}
