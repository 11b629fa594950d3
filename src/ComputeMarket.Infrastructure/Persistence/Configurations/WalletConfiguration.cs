using ComputeMarket.Domain.Auditing;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComputeMarket.Infrastructure.Persistence.Configurations;

internal sealed class TopUpConfiguration : IEntityTypeConfiguration<TopUp>
{
    public void Configure(EntityTypeBuilder<TopUp> builder)
    {
        builder.ToTable("TopUps");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Reference).HasMaxLength(20).IsUnicode(false).IsRequired();
        builder.HasIndex(t => t.Reference).IsUnique();
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.RequestedByUserId).HasMaxLength(450).IsRequired();
        builder.Property(t => t.DecidedByUserId).HasMaxLength(450);
        builder.Property(t => t.Note).HasMaxLength(500);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.Status, t.RequestedAtUtc });
        builder.HasIndex(t => new { t.OrganizationId, t.RequestedAtUtc });
    }
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> builder)
    {
        builder.ToTable("Payouts");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.BankAccount).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.RequestedByUserId).HasMaxLength(450).IsRequired();
        builder.Property(p => p.DecidedByUserId).HasMaxLength(450);
        builder.Property(p => p.Note).HasMaxLength(500);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.HoldTransferId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.Status, p.RequestedAtUtc });
        builder.HasIndex(p => new { p.OrganizationId, p.RequestedAtUtc });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ActorUserId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Subject).HasMaxLength(200).IsRequired();
        builder.HasIndex(a => a.AtUtc);
        builder.HasIndex(a => a.Subject);
    }
}
