using System.Globalization;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>A person the benchmark registered, owner of the organization they founded.</summary>
internal sealed record Member(string Email, Guid OrganizationId);

/// <summary>Sets the stage through the app's own use cases, as people would: sign-ups, top-ups, listings.</summary>
internal static class MarketSetup
{
    public const string Password = "Bench-pass-2026";

    /// <summary>
    /// Registers <paramref name="count"/> people, each founding an organization (<see cref="RegisterAccount"/>, as the
    /// sign-up page sends it) and confirming their address. With <paramref name="topUp"/>, each announces a top-up of that amount
    /// (<see cref="RequestTopUp"/>) and the administrator confirms it (<see cref="DecideWalletRequest"/>).
    /// </summary>
    public static async Task<IReadOnlyList<Member>> RegisterOrganizationsAsync(IServiceProvider services, string prefix, int count, string? topUp)
    {
        var members = new Member[count];

        // Password hashing dominates; two at a time keeps both cores busy.
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, _) =>
        {
            var number = (i + 1).ToString("000", CultureInfo.InvariantCulture);
            var email = $"{prefix}-{number}@computemarket.bench";
            var registered = AppRequests.Expect(
                await AppRequests.SendAsync(services, new RegisterAccount(email, Password, $"Bench {prefix} {number}", $"Bench {prefix} {number}")),
                $"Registering {email}");
            await ConfirmAddressAsync(services, email);
            if (topUp is not null)
            {
                var requested = AppRequests.Expect(await AppRequests.SendAsAsync(services, email, new RequestTopUp(registered.OrganizationId, topUp)), $"The top-up of {email}");
                AppRequests.Expect(
                    await AppRequests.SendAsAsync(services, MarketApp.AdministratorEmail, new DecideWalletRequest(WalletRequestKind.TopUp, requested.Id, Accept: true)),
                    $"Confirming the top-up of {email}");
            }

            members[i] = new Member(email, registered.OrganizationId);
        });
        return members;
    }

    /// <summary>Confirms the address as the mailed link does (the confirmation page redeems the token it carries).</summary>
    private static async Task ConfirmAddressAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new BenchmarkFailure($"There is no account {email}.");
        var confirmed = await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user));
        if (!confirmed.Succeeded)
        {
            throw new BenchmarkFailure($"Confirming {email} failed: {string.Join(" ", confirmed.Errors.Select(e => e.Description))}");
        }
    }

    /// <summary>
    /// The demo provider lists <paramref name="count"/> offers (<see cref="SaveOffer"/>, as the listing page sends it)
    /// at ¥2 input and ¥8 output per million tokens, a minimum purchase of 1,000,000 tokens and a quota no benchmark
    /// exhausts.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> ListOffersAsync(IServiceProvider services, int count)
    {
        Guid providerId;
        DateTime now;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            providerId = await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
        }

        var offers = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var form = new OfferForm
            {
                GpuModel = "H100",
                GpuCount = 8,
                VramGbPerGpu = 80,
                Region = Catalog.Regions[i % Catalog.Regions.Count],
                ServedModel = "DeepSeek-V4-Flash",
                ThroughputTokensPerSecond = 5_600,
                AvailableFromUtc = now.AddDays(-1),
                AvailableUntilUtc = now.AddDays(300),
                TotalQuotaTokens = 10_000_000_000_000,
                InputPrice = "2.00",
                OutputPrice = "8.00",
                MinimumPurchaseTokens = 1_000_000,
            };
            offers.Add(AppRequests.Expect(await AppRequests.SendAsAsync(services, DemoSeeder.Provider.Email, new SaveOffer(providerId, null, form)), "Listing an offer"));
        }

        return offers;
    }
}
