using System.Globalization;
using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>The platform fee rate in force and every rate set before it, newest first (administrators).</summary>
public sealed record GetFeeRates : IRequest<Result<FeeRates>>;

public sealed record FeeRateRow(int BasisPoints, DateTime EffectiveFromUtc, string SetBy);

/// <param name="Current">The rate new allocations lock in now (the default while none was ever set).</param>
public sealed record FeeRates(int Current, bool IsDefault, IReadOnlyList<FeeRateRow> History);

/// <summary>
/// An administrator sets the platform fee, as a percentage with up to two decimals ("5", "4.75"), in force from now
/// for allocations opened from now on; allocations already open keep the rate they were opened at, as they keep their
/// prices. Recorded in the audit log with the rate before and after.
/// </summary>
public sealed record SetFeeRate(string? Percent) : IRequest<Result<int>>
{
    /// <summary>The percentage as basis points, or null when it is not a number with up to two decimals.</summary>
    public static int? BasisPoints(string? percent)
    {
        var text = (percent ?? "").Trim().TrimEnd('%').Trim();
        if (text.Length is 0 or > 8 || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || decimal.Round(value, 2) != value)
        {
            return null;
        }

        return (int)(value * 100);
    }
}

public sealed class SetFeeRateValidator : AbstractValidator<SetFeeRate>
{
    public SetFeeRateValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.Percent)
            .Must(p => SetFeeRate.BasisPoints(p) is >= 0 and <= PlatformFeeRate.MaxBasisPoints)
            .WithMessage(_ => localizer["Enter a percentage from 0 to 100 with at most two decimals, for example 5 or 4.75."]);
    }
}

internal sealed class GetFeeRatesHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<GetFeeRates, Result<FeeRates>>
{
    public async Task<Result<FeeRates>> Handle(GetFeeRates request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result<FeeRates>.Forbidden();
        }

        var history = await (
                from r in db.PlatformFeeRates.AsNoTracking()
                join u in db.Users on r.SetByUserId equals u.Id into people
                from u in people.DefaultIfEmpty()
                orderby r.EffectiveFromUtc descending, r.Id descending
                select new FeeRateRow(r.BasisPoints, r.EffectiveFromUtc, u == null ? r.SetByUserId : u.DisplayName))
            .Take(200)
            .ToListAsync(cancellationToken);
        var current = await db.BasisPointsAtAsync(clock.GetUtcNow().UtcDateTime, cancellationToken);
        return new FeeRates(current, history.Count == 0, history);
    }
}

internal sealed class SetFeeRateHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<SetFeeRate, Result<int>>
{
    public async Task<Result<int>> Handle(SetFeeRate request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result<int>.Forbidden(localizer["Only administrators set the platform fee."]);
        }

        var basisPoints = SetFeeRate.BasisPoints(request.Percent)!.Value;
        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var before = await db.BasisPointsAtAsync(now, ct);
            db.PlatformFeeRates.Add(new PlatformFeeRate(basisPoints, now, currentUser.UserId!));
            db.Record(now, currentUser.UserId!, "Platform.SetFeeRate", "platform:fee", new { FeeBasisPoints = before }, new { FeeBasisPoints = basisPoints });
            await unitOfWork.SaveAsync(ct);
            return Result<int>.Ok(basisPoints);
        }, cancellationToken);
    }
}
