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
        builder.ConfigureWalletRequest();
        builder.Property(t => t.Reference).HasMaxLength(20).IsUnicode(false).IsRequired();
        builder.HasIndex(t => t.Reference).IsUnique();
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(t => new { t.Status, t.RequestedAtUtc });
    }
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> builder)
    {
        builder.ToTable("Payouts");
        builder.ConfigureWalletRequest();
        builder.Property(p => p.BankAccount).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(p => p.HoldTransferId);
        builder.HasIndex(p => new { p.Status, p.RequestedAtUtc });
    }
}

internal static class WalletRequestConfiguration
{
    /// <summary>The columns every wallet request has (each kind keeps its own table).</summary>
    public static void ConfigureWalletRequest<T>(this EntityTypeBuilder<T> builder)
        where T : WalletRequest
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.RequestedByUserId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.DecidedByUserId).HasMaxLength(450);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.OrganizationId, r.RequestedAtUtc });
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
