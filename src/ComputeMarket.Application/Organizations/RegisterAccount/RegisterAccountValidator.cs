using ComputeMarket.Domain.Organizations;
using FluentValidation;

namespace ComputeMarket.Application.Organizations.RegisterAccount;

public sealed class RegisterAccountValidator : AbstractValidator<RegisterAccount>
{
    public RegisterAccountValidator()
    {
        RuleFor(r => r.Email).NotEmpty().WithMessage("Enter your email address.")
            .EmailAddress().WithMessage("Enter a valid email address.")
            .MaximumLength(256);
        RuleFor(r => r.Password).NotEmpty().WithMessage("Choose a password.");
        RuleFor(r => r.DisplayName).NotEmpty().WithMessage("Enter your name.")
            .MaximumLength(100).WithMessage("Your name has at most 100 characters.");
        When(r => string.IsNullOrWhiteSpace(r.InvitationToken), () =>
            RuleFor(r => r.OrganizationName)
                .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("Enter your organization's name.")
                .Must(name => name is null || name.Trim().Length is >= Organization.NameMinLength and <= Organization.NameMaxLength)
                .WithMessage($"An organization name has {Organization.NameMinLength} to {Organization.NameMaxLength} characters."));
    }
}
