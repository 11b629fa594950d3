using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Application.Tests.Common;

/// <summary>The application's real message resources, for validators built by hand in unit tests.</summary>
public static class Localizers
{
    public static IStringLocalizer<Messages> Messages { get; } = new StringLocalizer<Messages>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));
}
