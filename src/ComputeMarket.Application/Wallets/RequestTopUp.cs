using System.Security.Cryptography;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Wallets;

/// <summary>A member announces a bank transfer into the organization's wallet and gets the reference to quote on it.</summary>
public sealed record RequestTopUp(Guid OrganizationId, string Amount) : IRequest<Result<RequestedTopUp>>;

public sealed record RequestedTopUp(Guid Id, string Reference, long Amount);

public sealed class RequestTopUpValidator : AbstractValidator<RequestTopUp>
{
    public RequestTopUpValidator(IStringLocalizer<Messages> localizer) => RuleFor(r => r.Amount).MustBeAmountBetween(TopUp.MinimumAmount, TopUp.MaximumAmount, localizer);
}

internal sealed class RequestTopUpHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer) : IRequestHandler<RequestTopUp, Result<RequestedTopUp>>
{
    // Crockford's base32 without look-alikes: easy to read out and type into a bank form.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public async Task<Result<RequestedTopUp>> Handle(RequestTopUp request, CancellationToken cancellationToken)
    {
        if (!(await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken)).IsAtLeast(MembershipRole.Purchaser))
        {
            return Result<RequestedTopUp>.Forbidden(localizer["Only owners and purchasers of the organization can request top-ups."]);
        }

        return await unitOfWork.ExecuteAsync<Result<RequestedTopUp>>(async ct =>
        {
            var topUp = new TopUp(request.OrganizationId, AmountText.ToMinorUnits(request.Amount), NewReference(), currentUser.UserId!, clock.GetUtcNow().UtcDateTime);
            db.TopUps.Add(topUp);
            await unitOfWork.SaveAsync(ct);
            return new RequestedTopUp(topUp.Id, topUp.Reference, topUp.Amount);
        }, cancellationToken);
    }

    private static string NewReference()
    {
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"CM-{chars[..4]}-{chars[4..]}";
    }
}
