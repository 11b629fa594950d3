using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComputeMarket.Infrastructure.Persistence.Configurations;

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> builder)
    {
        builder.ToTable("Offers");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.GpuModel).HasMaxLength(40).IsRequired();
        builder.Property(o => o.Region).HasMaxLength(60).IsRequired();
        builder.Property(o => o.ServedModel).HasMaxLength(Offer.ServedModelMaxLength).IsRequired();
        builder.Property(o => o.Status).HasConversion<int>();
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Ignore(o => o.RemainingTokens);
        builder.HasOne<Organization>().WithMany().HasForeignKey(o => o.ProviderOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Prices).WithOne().HasForeignKey(p => p.OfferId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Prices).UsePropertyAccessMode(PropertyAccessMode.Field);

        // The catalog filters on status and sorts by one key in either direction (SearchCatalog): each sort has an
        // index holding its whole ORDER BY (walked backwards for the other direction), so a page reads about as many
        // rows as it shows plus what it skips, however many offers there are; filters are tested on the way.
        // ProviderReliability and BlendedPricePerMillion are kept on the offer for these indexes.
        builder.HasIndex(o => new { o.Status, o.MaxPricePerMillion, o.ThroughputTokensPerSecond, o.Id }).IsDescending(false, false, true, false);
        builder.HasIndex(o => new { o.Status, o.BlendedPricePerMillion, o.Id });
        builder.HasIndex(o => new { o.Status, o.InputPricePerMillion, o.Id });
        builder.HasIndex(o => new { o.Status, o.OutputPricePerMillion, o.Id });
        builder.HasIndex(o => new { o.Status, o.ThroughputTokensPerSecond, o.MaxPricePerMillion, o.Id }).IsDescending(false, true, false, false);
        builder.HasIndex(o => new { o.Status, o.ProviderReliability, o.MaxPricePerMillion, o.Id }).IsDescending(false, true, false, false);

        // Every column a catalog filter tests or sorts by, in one index: the capped count, and a filtered page's ids,
        // are read from it alone (no table row per candidate), narrowed by GPU and region when those are chosen.
        builder.HasIndex(o => new
        {
            o.Status,
            o.GpuModel,
            o.Region,
            o.ServedModel,
            o.AvailableUntilUtc,
            o.MaxPricePerMillion,
            o.ThroughputTokensPerSecond,
            o.TotalQuotaTokens,
            o.ReservedTokens,
            o.InputPricePerMillion,
            o.OutputPricePerMillion,
            o.BlendedPricePerMillion,
            o.ProviderReliability,
            o.Id,
        }).HasDatabaseName("IX_Offers_CatalogFilters");

        // The filter lists' served models (GetCatalogFacets).
        builder.HasIndex(o => new { o.Status, o.ServedModel, o.MaxPricePerMillion });
        builder.HasIndex(o => new { o.ProviderOrganizationId, o.Status });
    }
}

internal sealed class OfferPriceConfiguration : IEntityTypeConfiguration<OfferPrice>
{
    public void Configure(EntityTypeBuilder<OfferPrice> builder)
    {
        builder.ToTable("OfferPrices");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => new { p.OfferId, p.EffectiveFromUtc });
    }
}

internal sealed class TokenPackageConfiguration : IEntityTypeConfiguration<TokenPackage>
{
    public void Configure(EntityTypeBuilder<TokenPackage> builder)
    {
        builder.ToTable("TokenPackages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(TokenPackage.NameMaxLength).IsRequired();
        builder.Property(p => p.ExpiryRule).HasConversion<string>().HasMaxLength(10);
        builder.HasOne<Offer>().WithMany().HasForeignKey(p => p.OfferId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.OfferId, p.IsOnSale });
    }
}

internal sealed class AllocationConfiguration : IEntityTypeConfiguration<Allocation>
{
    public void Configure(EntityTypeBuilder<Allocation> builder)
    {
        builder.ToTable("Allocations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.CloseReason).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.AccessKeyHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(a => a.AccessKeyPrefix).HasMaxLength(12).IsUnicode(false).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.ConsumedTokens);
        builder.Ignore(a => a.RemainingTokens);
        builder.Ignore(a => a.ConsumedCost);
        builder.HasIndex(a => a.AccessKeyHash).IsUnique();
        builder.HasOne<Offer>().WithMany().HasForeignKey(a => a.OfferId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.BuyerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.ProviderOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TokenPackage>().WithMany().HasForeignKey(a => a.PackageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.BuyerOrganizationId, a.CreatedAtUtc });
        builder.HasIndex(a => new { a.ProviderOrganizationId, a.Status });
        builder.HasIndex(a => new { a.OfferId, a.Status });
        builder.HasIndex(a => new { a.Status, a.ExpiresAtUtc });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.Message).HasMaxLength(400).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(n => n.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.OrganizationId, n.CreatedAtUtc });
    }
}
