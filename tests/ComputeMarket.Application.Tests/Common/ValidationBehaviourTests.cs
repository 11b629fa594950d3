using ComputeMarket.Application.Common.Behaviours;
using ComputeMarket.Application.Common.Results;
using FluentValidation;
using MediatR;

namespace ComputeMarket.Application.Tests.Common;

public sealed class ValidationBehaviourTests
{
    public sealed record Probe(int Amount) : IRequest<int>;

    public sealed record ProbeWithResult(int Amount) : IRequest<Result<int>>;

    private sealed class ProbeValidator : AbstractValidator<Probe>
    {
        public ProbeValidator() => RuleFor(p => p.Amount).GreaterThan(0).WithMessage("Amount must be positive.");
    }

    private sealed class ProbeWithResultValidator : AbstractValidator<ProbeWithResult>
    {
        public ProbeWithResultValidator() => RuleFor(p => p.Amount).GreaterThan(0).WithMessage("Amount must be positive.");
    }

    [Fact]
    public async Task A_request_answering_with_a_result_gets_an_invalid_result_and_its_handler_does_not_run()
    {
        var behaviour = new ValidationBehaviour<ProbeWithResult, Result<int>>([new ProbeWithResultValidator()]);
        var handlerRan = false;

        var result = await behaviour.Handle(new ProbeWithResult(0), CancellationToken.None, () =>
        {
            handlerRan = true;
            return Task.FromResult(Result<int>.Ok(1));
        });

        Assert.False(handlerRan);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(["Amount must be positive."], result.Errors["Amount"]);
    }

    [Fact]
    public async Task Any_other_request_gets_a_validation_exception()
    {
        var behaviour = new ValidationBehaviour<Probe, int>([new ProbeValidator()]);

        var exception = await Assert.ThrowsAsync<ValidationException>(() => behaviour.Handle(new Probe(-1), CancellationToken.None, () => Task.FromResult(1)));

        Assert.Contains(exception.Errors, e => e.PropertyName == "Amount");
    }

    [Fact]
    public async Task A_valid_request_reaches_its_handler()
    {
        var behaviour = new ValidationBehaviour<Probe, int>([new ProbeValidator()]);

        Assert.Equal(42, await behaviour.Handle(new Probe(5), CancellationToken.None, () => Task.FromResult(42)));
    }
}
