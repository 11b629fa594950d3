using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComputeMarket.Infrastructure.Persistence.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("Organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(Organization.NameMaxLength).IsRequired();
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => o.Name);

        builder.HasMany(o => o.Memberships).WithOne().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Memberships).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(o => o.Invitations).WithOne().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Invitations).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
