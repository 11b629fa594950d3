using System.Reflection;
using ComputeMarket.Application.Common.Behaviours;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers MediatR 5 (which ships no DI package), every handler and validator of this assembly, and the
    /// pipeline: logging outermost, then validation. The mediator is scoped so that handlers resolve the
    /// request's scoped DbContext.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        var assembly = typeof(DependencyInjection).Assembly;

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddHandlers(assembly, typeof(IRequestHandler<,>), typeof(IRequestHandler<>), typeof(INotificationHandler<>));
        services.AddScoped<Ledger.LedgerService>();
        services.AddScoped<Ledger.LedgerVerifier>();
        services.AddSingleton<Ledger.LedgerSeal>();
        services.AddScoped<Market.AllocationCloser>();
        services.AddScoped<Market.Checkout>();
        services.AddScoped<Metering.UsageSettler>();
        services.AddScoped<Metering.ApiKeyAuthenticator>();
        services.AddSingleton<Metering.UsageIngestQueue>();
        services.AddOptions<Metering.SettlementOptions>();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddOptions<Common.Display.DisplayOptions>();
        services.AddSingleton<Common.Display.DisplayZone>();
        services.AddScoped<Organizations.NotificationText>();
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        return services;
    }

    private static void AddHandlers(this IServiceCollection services, Assembly assembly, params Type[] openInterfaces)
    {
        var implementations = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false });
        foreach (var implementation in implementations)
        {
            var handled = implementation.GetInterfaces()
                .Where(i => i.IsGenericType && openInterfaces.Contains(i.GetGenericTypeDefinition()));
            foreach (var service in handled)
            {
                services.AddScoped(service, implementation);
            }
        }
    }
}
