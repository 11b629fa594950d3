using ComputeMarket.Domain.Organizations;
using FluentValidation;

namespace ComputeMarket.Application.Organizations.CreateInvitation;

public sealed class CreateInvitationValidator : AbstractValidator<CreateInvitation>
{
    public CreateInvitationValidator()
    {
        var longest = (int)Invitation.LongestValidity.TotalDays;
        RuleFor(r => r.ValidForDays).InclusiveBetween(1, longest)
            .WithMessage($"An invitation is valid for 1 to {longest} days.");
    }
}
