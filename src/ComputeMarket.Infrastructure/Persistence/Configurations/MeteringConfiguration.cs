using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComputeMarket.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength).IsRequired();
        builder.Property(k => k.Scope).HasConversion<string>().HasMaxLength(10);
        builder.Property(k => k.Hash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(k => k.Prefix).HasMaxLength(ApiKey.PrefixLength).IsUnicode(false).IsRequired();
        builder.Property(k => k.CreatedByUserId).HasMaxLength(450).IsRequired();
        builder.Ignore(k => k.IsRevoked);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => new { k.OrganizationId, k.CreatedAtUtc });
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UsageEventConfiguration : IEntityTypeConfiguration<UsageEvent>
{
    public void Configure(EntityTypeBuilder<UsageEvent> builder)
    {
        builder.ToTable("UsageEvents");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedOnAdd();
        builder.Property(e => e.EventId).HasMaxLength(UsageEvent.IdMaxLength).IsUnicode(false).IsRequired();
        builder.Property(e => e.Flags).HasConversion<int>();
        builder.Ignore(e => e.Tokens);

        // The idempotency key: one event id per provider, forever.
        builder.HasIndex(e => new { e.ProviderOrganizationId, e.EventId }).IsUnique();

        // Settlement reads the waiting events in arrival order (SettlementBatchId null first); reports read an
        // allocation's events and a batch's.
        builder.HasIndex(e => new { e.SettlementBatchId, e.Sequence });
        builder.HasIndex(e => new { e.AllocationId, e.Sequence });
        builder.HasOne<Allocation>().WithMany().HasForeignKey(e => e.AllocationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.ProviderOrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SettlementBatchConfiguration : IEntityTypeConfiguration<SettlementBatch>
{
    public void Configure(EntityTypeBuilder<SettlementBatch> builder)
    {
        builder.ToTable("SettlementBatches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(b => b.StartedAtUtc);
        builder.HasMany(b => b.Lines).WithOne().HasForeignKey(l => l.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(b => b.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SettlementLineConfiguration : IEntityTypeConfiguration<SettlementLine>
{
    public void Configure(EntityTypeBuilder<SettlementLine> builder)
    {
        builder.ToTable("SettlementLines");
        builder.HasKey(l => new { l.BatchId, l.AllocationId });
        builder.HasIndex(l => new { l.AllocationId, l.BatchId });
        builder.HasIndex(l => new { l.BuyerOrganizationId, l.BatchId });
        builder.HasIndex(l => new { l.ProviderOrganizationId, l.BatchId });
        builder.HasOne<Allocation>().WithMany().HasForeignKey(l => l.AllocationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlatformFeeRateConfiguration : IEntityTypeConfiguration<PlatformFeeRate>
{
    public void Configure(EntityTypeBuilder<PlatformFeeRate> builder)
    {
        builder.ToTable("PlatformFeeRates");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.SetByUserId).HasMaxLength(450).IsRequired();
        builder.HasIndex(r => r.EffectiveFromUtc);
    }
}
