using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Market;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>A listing as a provider fills it in; prices are typed in CNY per 1,000,000 tokens.</summary>
public sealed class OfferForm
{
    public string GpuModel { get; set; } = "H100";

    public int GpuCount { get; set; } = 8;

    public int VramGbPerGpu { get; set; } = 80;

    public string Region { get; set; } = Catalog.Regions[0];

    public string ServedModel { get; set; } = "";

    public long ThroughputTokensPerSecond { get; set; }

    public DateTime AvailableFromUtc { get; set; }

    public DateTime AvailableUntilUtc { get; set; }

    public long TotalQuotaTokens { get; set; }

    public string InputPrice { get; set; } = "";

    public string OutputPrice { get; set; } = "";

    public long MinimumPurchaseTokens { get; set; } = 1_000_000;

    /// <summary>The listing's version when the form was filled from it; an edit of a changed listing is refused.</summary>
    public long? Version { get; set; }

    public OfferTerms ToTerms() => new(
        GpuModel,
        GpuCount,
        VramGbPerGpu,
        Region,
        ServedModel,
        ThroughputTokensPerSecond,
        DateTime.SpecifyKind(AvailableFromUtc, DateTimeKind.Utc),
        DateTime.SpecifyKind(AvailableUntilUtc, DateTimeKind.Utc),
        TotalQuotaTokens,
        AmountText.ToMinorUnits(InputPrice),
        AmountText.ToMinorUnits(OutputPrice),
        MinimumPurchaseTokens);

    public static OfferForm From(Offer offer) => new()
    {
        GpuModel = offer.GpuModel,
        GpuCount = offer.GpuCount,
        VramGbPerGpu = offer.VramGbPerGpu,
        Region = offer.Region,
        ServedModel = offer.ServedModel,
        ThroughputTokensPerSecond = offer.ThroughputTokensPerSecond,
        AvailableFromUtc = offer.AvailableFromUtc,
        AvailableUntilUtc = offer.AvailableUntilUtc,
        TotalQuotaTokens = offer.TotalQuotaTokens,
        InputPrice = MoneyText.Plain(offer.InputPricePerMillion, "XXX"),
        OutputPrice = MoneyText.Plain(offer.OutputPricePerMillion, "XXX"),
        MinimumPurchaseTokens = offer.MinimumPurchaseTokens,
        Version = offer.Version,
    };
}

/// <summary>Every field of a listing, with a message a provider can act on.</summary>
public sealed class OfferFormValidator : AbstractValidator<OfferForm>
{
    public OfferFormValidator(TimeProvider clock, IStringLocalizer<Messages> localizer)
    {
        RuleFor(f => f.GpuModel).Must(m => Catalog.FindGpu(m) is not null)
            .WithMessage(_ => localizer["Choose a GPU model: {0}.", string.Join(", ", Catalog.GpuModels.Select(g => g.Name))]);
        RuleFor(f => f.GpuCount).InclusiveBetween(1, 4096).WithMessage(_ => localizer["A listing has 1 to 4,096 GPUs."]);
        RuleFor(f => f.VramGbPerGpu)
            .Must((form, vram) => Catalog.FindGpu(form.GpuModel) is not { } gpu || (vram >= gpu.MinVramGb && vram <= gpu.MaxVramGb))
            .WithMessage(form => Catalog.FindGpu(form.GpuModel) is { } gpu
                ? gpu.MinVramGb == gpu.MaxVramGb
                    ? localizer["A {0} has {1} GB of memory.", gpu.Name, gpu.MinVramGb]
                    : localizer["A {0} has {1} to {2} GB of memory.", gpu.Name, gpu.MinVramGb, gpu.MaxVramGb]
                : localizer["Choose the GPU model first."]);
        RuleFor(f => f.Region).Must(r => Catalog.Regions.Contains(r)).WithMessage(_ => localizer["Choose a region from the list."]);
        RuleFor(f => f.ServedModel).NotEmpty().WithMessage(_ => localizer["Name the model you serve, e.g. DeepSeek-V4-Flash."])
            .MaximumLength(Offer.ServedModelMaxLength).WithMessage(_ => localizer["A model name has at most {0} characters.", Offer.ServedModelMaxLength]);
        RuleFor(f => f.ThroughputTokensPerSecond).InclusiveBetween(1, 100_000_000).WithMessage(_ => localizer["Sustained throughput is 1 to 100,000,000 tokens per second."]);
        RuleFor(f => f.AvailableUntilUtc).Must(until => until > clock.GetUtcNow().UtcDateTime).WithMessage(_ => localizer["The availability window must end in the future."])
            .GreaterThan(f => f.AvailableFromUtc).WithMessage(_ => localizer["The window must end after it starts."])
            .Must((form, until) => until - form.AvailableFromUtc <= TimeSpan.FromDays(366)).WithMessage(_ => localizer["A window lasts at most a year."]);
        RuleFor(f => f.TotalQuotaTokens).InclusiveBetween(1, Offer.MaxQuotaTokens).WithMessage(_ => localizer["The token quota must be greater than zero."]);
        RuleFor(f => f.InputPrice).MustBeAmountBetween(1, 1_000_000_00, localizer).WithMessage(_ => localizer["Enter the input price in CNY per million tokens, greater than zero, e.g. 2.00."]);
        RuleFor(f => f.OutputPrice).MustBeAmountBetween(1, 1_000_000_00, localizer).WithMessage(_ => localizer["Enter the output price in CNY per million tokens, greater than zero, e.g. 8.00."]);
        RuleFor(f => f.MinimumPurchaseTokens).GreaterThan(0).WithMessage(_ => localizer["The minimum purchase is at least one token."])
            .LessThanOrEqualTo(f => f.TotalQuotaTokens).WithMessage(_ => localizer["The minimum purchase cannot exceed the quota."]);
    }
}
