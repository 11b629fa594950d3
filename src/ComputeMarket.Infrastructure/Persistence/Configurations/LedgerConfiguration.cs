using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComputeMarket.Infrastructure.Persistence.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        // The database refuses what the domain would never write, even from code that bypasses it.
        builder.ToTable("Accounts", table =>
        {
            table.HasCheckConstraint("CK_Accounts_Asset", "\"Asset\" IN (1, 2)");
            table.HasCheckConstraint("CK_Accounts_Flags", "\"Flags\" IN (0, 1, 2)");
        });
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Asset).HasConversion<int>();
        builder.Property(a => a.Code).HasConversion<int>();
        builder.Property(a => a.Flags).HasConversion<int>();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.Balance);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);

        // One account per organization, asset and purpose. (Platform accounts have fixed ids, seeded below.)
        builder.HasIndex(a => new { a.OwnerOrganizationId, a.Asset, a.Code }).IsUnique().HasFilter("\"OwnerOrganizationId\" IS NOT NULL");

        builder.HasData(PlatformAccounts.All.Select(p => new
        {
            p.Id,
            p.Asset,
            p.Code,
            OwnerOrganizationId = (Guid?)null,
            p.Flags,
            DebitsPending = 0L,
            DebitsPosted = 0L,
            CreditsPending = 0L,
            CreditsPosted = 0L,
            Version = 0L,
        }));
    }
}

internal sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    public void Configure(EntityTypeBuilder<Transfer> builder)
    {
        builder.ToTable("Transfers", table =>
        {
            table.HasCheckConstraint("CK_Transfers_Sequence", "\"Sequence\" > 0");
            table.HasCheckConstraint("CK_Transfers_Amount", "\"Amount\" > 0");
            table.HasCheckConstraint("CK_Transfers_Accounts", "\"DebitAccountId\" <> \"CreditAccountId\"");
            table.HasCheckConstraint("CK_Transfers_Asset", "\"Asset\" IN (1, 2)");
            table.HasCheckConstraint("CK_Transfers_Flags", "\"Flags\" IN (0, 1, 2, 4)");
        });
        builder.HasKey(t => t.Sequence);
        builder.Property(t => t.Sequence).ValueGeneratedNever();
        builder.HasIndex(t => t.Id).IsUnique();
        builder.Property(t => t.Asset).HasConversion<int>();
        builder.Property(t => t.Code).HasConversion<int>();
        builder.Property(t => t.Flags).HasConversion<int>();
        builder.Property(t => t.Reference).HasMaxLength(Transfer.ReferenceMaxLength).IsRequired();
        builder.Property(t => t.Hash).HasMaxLength(64).IsUnicode(false).IsFixedLength().IsRequired();
        builder.Property(t => t.PreviousHash).HasMaxLength(64).IsUnicode(false).IsFixedLength().IsRequired();
        builder.Ignore(t => t.IsPending);

        // A pending transfer is posted or voided at most once: the database refuses a second resolution.
        builder.HasIndex(t => t.PendingId).IsUnique().HasFilter("\"PendingId\" IS NOT NULL");

        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.DebitAccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.CreditAccountId).OnDelete(DeleteBehavior.Restrict);

        // Statements: an account's transfers by time.
        builder.HasIndex(t => new { t.DebitAccountId, t.Sequence });
        builder.HasIndex(t => new { t.CreditAccountId, t.Sequence });
        builder.HasIndex(t => t.Reference);
        builder.HasIndex(t => t.TimestampUtc);

        // The expiry job's scan: pending transfers with a timeout.
        builder.HasIndex(t => t.ExpiresAtUtc).HasFilter("\"ExpiresAtUtc\" IS NOT NULL");
    }
}

internal sealed class LedgerHeadConfiguration : IEntityTypeConfiguration<LedgerHead>
{
    public void Configure(EntityTypeBuilder<LedgerHead> builder)
    {
        builder.ToTable("LedgerHeads");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64).IsUnicode(false).IsFixedLength().IsRequired();
        builder.HasData(new { Id = LedgerHead.SingletonId, LastSequence = 0L, LastHash = Transfer.GenesisHash, Version = 0L });
    }
}

internal sealed class LedgerCheckpointConfiguration : IEntityTypeConfiguration<LedgerCheckpoint>
{
    public void Configure(EntityTypeBuilder<LedgerCheckpoint> builder)
    {
        builder.ToTable("LedgerCheckpoints", table => table.HasCheckConstraint("CK_LedgerCheckpoints_Sequence", "\"Sequence\" > 0"));
        builder.HasKey(c => c.Sequence);
        builder.Property(c => c.Sequence).ValueGeneratedNever();
        builder.Property(c => c.Hash).HasMaxLength(64).IsUnicode(false).IsFixedLength().IsRequired();
        builder.Property(c => c.AccountsDigest).HasMaxLength(64).IsUnicode(false).IsFixedLength().IsRequired();
        builder.Property(c => c.Totals).HasMaxLength(400).IsUnicode(false).IsRequired();
        builder.Property(c => c.KeyId).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Signature).HasMaxLength(64).IsUnicode(false).IsFixedLength().IsRequired();
        builder.HasMany(c => c.Accounts).WithOne().HasForeignKey(a => a.CheckpointSequence).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Accounts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CheckpointAccountConfiguration : IEntityTypeConfiguration<CheckpointAccount>
{
    public void Configure(EntityTypeBuilder<CheckpointAccount> builder)
    {
        builder.ToTable("LedgerCheckpointAccounts");
        builder.HasKey(a => new { a.CheckpointSequence, a.AccountId });
        builder.Property(a => a.Asset).HasConversion<int>();
        builder.Property(a => a.Code).HasConversion<int>();
        builder.Property(a => a.Flags).HasConversion<int>();
        builder.Ignore(a => a.Balance);
    }
}

internal sealed class LedgerVerificationRunConfiguration : IEntityTypeConfiguration<LedgerVerificationRun>
{
    public void Configure(EntityTypeBuilder<LedgerVerificationRun> builder)
    {
        builder.ToTable("LedgerVerificationRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Mode).HasConversion<int>();
        builder.Property(r => r.RequestedByUserId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Problems).HasMaxLength(LedgerVerificationRun.ProblemsMaxLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.IsFinished);
        builder.HasIndex(r => new { r.Mode, r.RequestedAtUtc });
    }
}
